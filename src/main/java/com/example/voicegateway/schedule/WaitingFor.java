package com.example.voicegateway.schedule;

/**
 * Why a queued message is not due yet. Stored with the time it becomes due, so a view can say why without
 * recomputing windows and backoffs; it means nothing once that time has passed.
 */
public enum WaitingFor {
    /** The sender asked for a later start. */
    SEND_AT,
    /** The delivery window is closed; the time is its next opening. */
    DELIVERY_WINDOW,
    /** Between two calls of one message (redial or fallback). */
    REDIAL_INTERVAL,
    /** A failed attempt's backoff. */
    RETRY_BACKOFF,
    /**
     * 8x8's limits: a retry had no permit of the shared call rate in time (stored, with the time to try again), or
     * the message is due while the dispatchers are held back by that rate or by {@code max-concurrent-calls} (shown
     * at read time, see {@code message.CapacityLookup}).
     */
    RATE_LIMIT,
    /**
     * The client's {@code max-calls-per-day} to the call's destination country is used up: held until the next UTC
     * midnight, when the budget is full again (the spend guard, docs/security.md).
     */
    DAILY_CALL_LIMIT
}
