package com.example.voicegateway.webhook;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A Voice Session Summary as 8x8 sends it (voice-api-notes §4), read with the 8x8 mapper: names in any case
 * ({@code CallA}, {@code SourceRefId}), numbers as numbers or text, unknown fields ignored, an unreadable value null.
 * {@code payload} and {@code details} stay trees: some senders flatten the payload into the root, and the legs come
 * as an object keyed by leg name or as an array.
 */
record SummaryJson(String eventType, Integer version, JsonNode payload) {

    record Payload(String sessionId, String clientRequestId, String sessionStatus, Instant startTime,
            Instant endTime, String lastAction, Integer callCount, ErrorDetails errorDetails, JsonNode details) {
    }

    /**
     * {@code errorCode} and {@code errorMsg} as 8x8's VSS pages name them; a third-party sample and older pages use
     * the other names. Each name is its own field (an alias would let the last one sent win, even a null): the first
     * name that carries a value counts, in the order 8x8's pages give.
     */
    record ErrorDetails(Integer errorCode, Integer code, String errorMsg, String errorMessage, String message) {

        Integer firstCode() {
            return errorCode != null ? errorCode : code;
        }

        String firstMessage() {
            return errorMsg != null ? errorMsg : errorMessage != null ? errorMessage : message;
        }
    }

    record Leg(String callId, String callDirection, String callStatus, String destination, Instant initiatedTimestamp,
            Instant connectedTimestamp, Instant disconnectedTimestamp, Integer callDuration, Quality callQuality) {
    }

    record Quality(Double mos, Double packetLossRate, Double jitter) {
    }
}
