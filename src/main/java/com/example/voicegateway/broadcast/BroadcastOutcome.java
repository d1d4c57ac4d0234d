package com.example.voicegateway.broadcast;

import com.example.voicegateway.message.MessageStatus;

/**
 * How a broadcast counts a final message, in one place: its progress ({@code GET /broadcasts/{id}}) and the console's
 * bar and chart read the same groups, so they always add up to the same numbers.
 */
public enum BroadcastOutcome {

    /** Someone answered: COMPLETED, ACKNOWLEDGED, NOT_ACKNOWLEDGED. */
    REACHED,
    /** Called, nobody answered: NO_ANSWER, BUSY. */
    NOT_REACHED,
    /** Not called or not settled: FAILED, ERROR, REJECTED, EXPIRED. */
    FAILED,
    /** CANCELED. */
    CANCELED,
    /** SUPPRESSED: never called, the number is on a do-not-call list. */
    SUPPRESSED;

    /** The group of a final status; null while the message is queued or on a call. */
    public static BroadcastOutcome of(MessageStatus status) {
        return switch (status) {
            case COMPLETED, ACKNOWLEDGED, NOT_ACKNOWLEDGED -> REACHED;
            case NO_ANSWER, BUSY -> NOT_REACHED;
            case FAILED, ERROR, REJECTED, EXPIRED -> FAILED;
            case CANCELED -> CANCELED;
            case SUPPRESSED -> SUPPRESSED;
            case QUEUED, SENDING, SUBMITTED, UNKNOWN -> null;
        };
    }
}
