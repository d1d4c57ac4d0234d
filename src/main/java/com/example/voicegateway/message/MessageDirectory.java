package com.example.voicegateway.message;

import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Every message as ops see it, for features that show or forward a message's whole state (the console). The
 * answer is the JSON tree of {@code GET /voice-messages/{id}}, so whatever that view gains, readers see too.
 */
public interface MessageDirectory {

    Optional<JsonNode> find(UUID id);

    /**
     * Cancels on an operator's behalf, with the same rules as {@code POST /voice-messages/{id}/cancel}.
     *
     * @throws IllegalTransitionException when the message can no longer be canceled
     * @throws MessageNotFoundException   when there is no such message
     */
    JsonNode cancel(UUID id, String operator);
}
