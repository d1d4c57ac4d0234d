package com.example.voicegateway.message;

import java.util.Map;
import java.util.UUID;

/**
 * What reconciliation against 8x8's log export knows of a message, for its view. Implemented by the reconcile
 * feature; the message feature only shows it.
 */
public interface ReconciliationLookup {

    Reconciled find(UUID messageId);

    /**
     * @param calls per call number, what the export said of that call
     * @param cost  what all the message's calls cost; null when no export priced any
     */
    record Reconciled(Map<Integer, Call> calls, MessageCost cost) {
        public static final Reconciled NONE = new Reconciled(Map.of(), null);

        public Call call(int number) {
            return calls.getOrDefault(number, Call.NONE);
        }
    }

    /**
     * @param settledBy {@code LOG_EXPORT} when 8x8's log export, not a session summary, settled the call
     * @param cost      what the call cost; null when no export priced it
     */
    record Call(String settledBy, Cost cost) {
        public static final Call NONE = new Call(null, null);
    }
}
