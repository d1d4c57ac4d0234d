package com.example.voicegateway.callback;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** One callback event's delivery, as ops and the message's {@code callbacks} show it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CallbackView(
        UUID id,
        UUID messageId,
        int sequence,
        String type,
        String client,
        String host,
        CallbackStatus status,
        int attempts,
        Integer lastHttpStatus,
        String lastError,
        Instant lastAttemptAt,
        Instant nextAttemptAt,
        Instant deliveredAt,
        Instant createdAt) {

    static CallbackView of(CallbackStore.Row row) {
        // While PENDING, next_attempt_at is the next try (or the end of the lease of the one in flight).
        return new CallbackView(row.id(), row.messageId(), row.sequence(), row.type(), row.clientName(), row.host(),
                row.status(), row.attempts(), row.lastHttpStatus(), row.lastError(), row.lastAttemptAt(),
                row.status() == CallbackStatus.PENDING ? row.nextAttemptAt() : null, row.deliveredAt(),
                row.createdAt());
    }
}
