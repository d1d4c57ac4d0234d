package com.example.voicegateway.message;

/**
 * The keypress reported for a call. Implemented by the acknowledge feature, which stores 8x8's call action events;
 * the message feature shows the result and, when a call completes, asks whether the right key came.
 */
public interface AcknowledgementLookup {

    /** The report for the call with this 8x8 sessionId; the right key wins over any other report. */
    AcknowledgementView find(String sessionId, String expectedDigit);

    /**
     * Whether a stored call action of this session reported {@code digit} (and was not ignored): it may have come
     * before the call's sessionId was known.
     */
    boolean pressed(String sessionId, String digit);
}
