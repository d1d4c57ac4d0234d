package com.example.voicegateway.acknowledge;

import com.example.voicegateway.web.NulRule;

/**
 * A Voice Call Action delivery as far as it could be read. {@code readable} is false when the body was not a JSON
 * object; every other field is null when absent.
 */
record CallActionEvent(boolean readable, String eventType, String eventId, String sessionId, String callId,
        String dtmf) {

    static final CallActionEvent UNREADABLE = new CallActionEvent(false, null, null, null, null, null);

    /**
     * The first field PostgreSQL could not store because it holds NUL ({@link NulRule}), by its place in 8x8's
     * payload; null when there is none.
     */
    String fieldWithNul() {
        if (NulRule.holdsNul(eventType)) {
            return "eventType";
        }
        if (NulRule.holdsNul(eventId)) {
            return "payload.eventId";
        }
        if (NulRule.holdsNul(sessionId)) {
            return "payload.sessionId";
        }
        if (NulRule.holdsNul(callId)) {
            return "payload.callId";
        }
        return NulRule.holdsNul(dtmf) ? "payload.eventData.dtmf" : null;
    }

    /** A key report we can act on: 8x8's CALL_ACTION (or no eventType at all) for a known session. */
    boolean isCallAction() {
        return readable && sessionId != null && (eventType == null || eventType.equalsIgnoreCase("CALL_ACTION"));
    }
}
