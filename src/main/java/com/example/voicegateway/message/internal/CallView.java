package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.AcknowledgementView;
import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.CallSummaryView;
import com.example.voicegateway.message.Cost;
import com.example.voicegateway.message.ReconciliationLookup;
import com.example.voicegateway.message.SuppressionList;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One call of a message as clients and ops see it.
 *
 * @param kind      FIRST, REDIAL or FALLBACK
 * @param dueAt     when the call was (or is) due to be placed at the earliest
 * @param startedAt when its first callflow POST began
 * @param endedAt   when the gateway learned how it ended
 * @param errorCode 8x8's errorCode from the summary, e.g. -2010
 * @param summary   its session summary, when one arrived
 * @param acknowledgement with {@code acknowledge}: the key expected, the key reported and when
 * @param settledBy {@code LOG_EXPORT} when 8x8's log export, not a summary, settled it
 * @param cost      what 8x8's log export says it cost
 * @param suppressedBy the do-not-call list its number was on, when the call was never placed for it
 * @param optedOutAt   when the person pressed the opt-out key on this call
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallView(
        int number,
        CallKind kind,
        String destination,
        String clientRequestId,
        CallStatus status,
        String sessionId,
        Instant dueAt,
        Instant startedAt,
        Instant endedAt,
        Integer errorCode,
        CallSummaryView summary,
        AcknowledgementView acknowledgement,
        String settledBy,
        Cost cost,
        SuppressionList suppressedBy,
        Instant optedOutAt) {

    CallView withSummary(CallSummaryView summary) {
        return new CallView(number, kind, destination, clientRequestId, status, sessionId, dueAt, startedAt, endedAt,
                errorCode, summary, acknowledgement, settledBy, cost, suppressedBy, optedOutAt);
    }

    CallView withAcknowledgement(AcknowledgementView acknowledgement) {
        return new CallView(number, kind, destination, clientRequestId, status, sessionId, dueAt, startedAt, endedAt,
                errorCode, summary, acknowledgement, settledBy, cost, suppressedBy, optedOutAt);
    }

    CallView withReconciliation(ReconciliationLookup.Call reconciled) {
        return new CallView(number, kind, destination, clientRequestId, status, sessionId, dueAt, startedAt, endedAt,
                errorCode, summary, acknowledgement, reconciled.settledBy(), reconciled.cost(), suppressedBy,
                optedOutAt);
    }
}
