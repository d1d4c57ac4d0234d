package com.example.voicegateway.dispatch;

import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;

/**
 * 8x8's answer to a callflow, success or error alike (the same envelope; an error has no sessionId). Read with the
 * 8x8 mapper: {@code statusCode} as a number or a string, any field unreadable or absent is null.
 */
record CallflowAnswer(String sessionId, String sessionStatus, String callFlowRequestId, Integer statusCode,
        String statusMessage) {

    /** The answer in the body, or null when the body is empty or no JSON object (a proxy's text, say). */
    static CallflowAnswer read(JsonMapper json, byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readValue(body, CallflowAnswer.class);
        } catch (RuntimeException notAnObject) {
            return null;
        }
    }

    /** One spelling: 8x8's simple-IVR page writes "NOT CREATED", with a space. */
    String status() {
        return sessionStatus == null ? null : sessionStatus.trim().toUpperCase(Locale.ROOT).replace(' ', '_');
    }
}
