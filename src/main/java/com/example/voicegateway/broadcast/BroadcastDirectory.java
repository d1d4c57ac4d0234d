package com.example.voicegateway.broadcast;

import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Every broadcast as ops see it, for features that show broadcasts (the console). The answers are the JSON trees of
 * {@code GET /broadcasts} and {@code GET /broadcasts/{id}}, so whatever those views gain, readers see too.
 */
public interface BroadcastDirectory {

    /** {@code GET /broadcasts/{id}} for an ops key. */
    Optional<JsonNode> find(UUID id);

    /** {@code GET /broadcasts?page=&size=} for an ops key: every client's, newest first. */
    JsonNode list(int page, int size);

    /**
     * Cancels on an operator's behalf, as {@code POST /broadcasts/{id}/cancel} with an ops key does (audited under
     * {@code operator}): every queued message, in one statement. Answers what that endpoint answers.
     *
     * @throws com.example.voicegateway.message.BroadcastNotFoundException when there is no such broadcast
     */
    JsonNode cancel(UUID id, String operator);
}
