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
    /** 8x8's rate limit had no permit in time. */
    RATE_LIMIT
}
