package com.example.voicegateway.message;

/**
 * The keypress reported for a call, for the message view. Implemented by the acknowledge feature, which stores
 * 8x8's call action events; the message feature only shows the result.
 */
public interface AcknowledgementLookup {

    /** The report for the call with this 8x8 sessionId; the right key wins over any other report. */
    AcknowledgementView find(String sessionId, String expectedDigit);
}
