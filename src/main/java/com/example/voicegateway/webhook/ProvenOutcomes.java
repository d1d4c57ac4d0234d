package com.example.voicegateway.webhook;

import com.example.voicegateway.message.CallPlanner;
import com.example.voicegateway.message.CallStatus;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Settles a call with an outcome proven by other means than its session summary (8x8's log export), exactly as a
 * summary would: the call ends, and the message ends with it or is queued for its next call. Runs inside the
 * caller's transaction.
 */
@Component
public class ProvenOutcomes {

    private final CallSettlement settlement;

    ProvenOutcomes(CallSettlement settlement) {
        this.settlement = settlement;
    }

    /** True when the call was still open and now carries {@code outcome}; false when something else settled it. */
    public boolean settle(UUID messageId, int callNumber, String sessionId, CallStatus outcome, Instant now) {
        SummaryStore.Facts facts = new SummaryStore.Facts(sessionId, CallPlanner.clientRequestId(messageId, callNumber),
                outcome, null);
        return settlement.settle(facts, now, result -> CallSettlement.NO_SUMMARY).result().outcome()
                == SummaryStore.Outcome.APPLIED;
    }
}
