package com.example.voicegateway.audit;

/** How an audited action ended. */
public enum AuditOutcome {
    /** Done as asked. */
    SUCCEEDED,
    /** Refused by the rules, for example a cancel of a message already sent (answered 409 or 404). */
    REFUSED,
    /** Tried and failed, for example 8x8 did not answer. */
    FAILED
}
