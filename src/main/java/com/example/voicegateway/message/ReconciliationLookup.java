package com.example.voicegateway.message;

import java.util.UUID;

/**
 * What reconciliation against 8x8's log export knows of a message, for its view. Implemented by the reconcile
 * feature; the message feature only shows it.
 */
public interface ReconciliationLookup {

    Reconciled find(UUID messageId);

    /**
     * @param settledBy {@code LOG_EXPORT} when 8x8's log export, not a session summary, settled the call
     * @param cost      what the calls cost: one {@code {amount, currency, billableSeconds}}, or one per currency
     */
    record Reconciled(String settledBy, Object cost) {
        public static final Reconciled NONE = new Reconciled(null, null);
    }
}
