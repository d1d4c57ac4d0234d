package com.example.voicegateway.message;

import java.util.UUID;

/**
 * Receives every status event of a message that has callbacks, inside the transaction of the change. Implemented by
 * the callback feature (its outbox); a failure here rolls the change back, so change and event commit together.
 */
public interface StatusEventSink {

    void record(StatusEvent event);

    /**
     * @param snapshot the message as {@code GET /voice-messages/{id}} shows it at the change, without its callbacks
     */
    record StatusEvent(UUID messageId, String clientName, String callbackUrl, String type, Object snapshot) {
    }
}
