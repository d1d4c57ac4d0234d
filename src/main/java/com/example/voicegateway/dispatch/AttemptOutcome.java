package com.example.voicegateway.dispatch;

/** What the gateway concluded from one callflow POST (or from a decision about one): attempt rows and meters. */
enum AttemptOutcome {
    /** 8x8 created the callflow. */
    SUBMITTED,
    /** Provably not created; tried again (in process or after the durable backoff). */
    RETRY,
    /** 8x8 refused the callflow for a reason a retry cannot fix. */
    REJECTED,
    /** 8x8 refused our key or subaccount: not the message's fault, not counted against it. */
    AUTH_ERROR,
    /** The callflow may or may not have been created: never posted again. */
    UNKNOWN,
    /** validUntil passed before the call could be placed. */
    EXPIRED;

    static AttemptOutcome of(SendResult result) {
        if (result instanceof SendResult.Created) {
            return SUBMITTED;
        }
        if (result instanceof SendResult.Rejected) {
            return REJECTED;
        }
        if (result instanceof SendResult.AuthProblem) {
            return AUTH_ERROR;
        }
        return result instanceof SendResult.Retryable ? RETRY : UNKNOWN;
    }
}
