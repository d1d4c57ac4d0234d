package com.example.voicegateway.reconcile;

import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.Reconciliation;
import java.time.Instant;
import java.util.UUID;

/**
 * A call the reconciler must explain: SUBMITTED past its grace without a summary, or UNKNOWN.
 *
 * @param attemptAt when the POST that left it in this state began (for UNKNOWN, possibly only when the lease sweep
 *                  noticed it); the send window is built around it
 * @param version   the row's version when read: every write is guarded by it, so a summary that lands meanwhile wins
 */
record DueCall(UUID messageId, int callNumber, String clientName, CallStatus status, String sessionId,
        String destination, Instant attemptAt, Instant validUntil, int attempts, long version) {

    static DueCall of(Reconciliation.CallToReconcile call) {
        return new DueCall(call.messageId(), call.callNumber(), call.clientName(), call.status(), call.sessionId(),
                call.destination(), call.attemptAt(), call.validUntil(), call.attempts(), call.version());
    }

    boolean unknown() {
        return status == CallStatus.UNKNOWN;
    }
}
