package com.example.voicegateway.acknowledge;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * 8x8's CALL_ACTION as sent (voice-call-action-webhook-guide), read with the 8x8 mapper: names in any case, unknown
 * fields ignored, a value of an odd shape absent.
 */
record CallActionJson(String eventType, Payload payload) {

    /** {@code dtmf} beside {@code eventData} is what some senders do. */
    record Payload(String eventId, String sessionId, String callId, EventData eventData, String dtmf) {
    }

    /** As documented ({@code {"dtmf": "1"}}) or as a bare string ({@code "1"}, a third-party sample). */
    record EventData(String dtmf) {

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        EventData {
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static EventData bare(String dtmf) {
            return new EventData(dtmf);
        }
    }
}
