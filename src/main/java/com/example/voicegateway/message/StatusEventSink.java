package com.example.voicegateway.message;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Receives every status event of a message that has callbacks, inside the transaction of the change. Implemented by
 * the callback feature (its outbox); a failure here rolls the change back, so change and event commit together.
 */
public interface StatusEventSink {

    void record(StatusEvent event);

    /**
     * @param snapshot the JSON of the message as {@code GET /voice-messages/{id}} shows it at the change, without its
     *                 callbacks (the read model renders it; the sink signs and stores it as it is)
     */
    record StatusEvent(UUID messageId, String clientName, String callbackUrl, String type, JsonNode snapshot) {
    }
}
