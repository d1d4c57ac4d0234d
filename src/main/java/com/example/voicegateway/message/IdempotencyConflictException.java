package com.example.voicegateway.message;

import java.util.UUID;

/** The Idempotency-Key was already used for a different request. */
public class IdempotencyConflictException extends RuntimeException {

    private final UUID existingId;

    public IdempotencyConflictException(UUID existingId) {
        super("This Idempotency-Key was already used with a different request (message " + existingId
                + "); use a new key for a new message.");
        this.existingId = existingId;
    }

    public UUID existingId() {
        return existingId;
    }
}
