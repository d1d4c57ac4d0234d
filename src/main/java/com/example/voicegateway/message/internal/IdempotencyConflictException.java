package com.example.voicegateway.message.internal;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The Idempotency-Key was already used for a different request: 422 naming the message it belongs to. */
public class IdempotencyConflictException extends ErrorResponseException {

    private final UUID existingId;

    public IdempotencyConflictException(UUID existingId) {
        this(existingId, "message");
    }

    /** @param what what the key names: "message" or "broadcast" */
    IdempotencyConflictException(UUID existingId, String what) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(existingId, what), null);
        this.existingId = existingId;
    }

    public UUID existingId() {
        return existingId;
    }

    private static ProblemDetail problem(UUID existingId, String what) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "This Idempotency-Key was already used with a different request (" + what + " " + existingId
                        + "); use a new key for a new " + what + ".");
        problem.setTitle("Idempotency-Key reused");
        problem.setProperty("existingId", existingId);
        return problem;
    }
}
