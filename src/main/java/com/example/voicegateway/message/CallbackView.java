package com.example.voicegateway.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/**
 * One callback event's delivery, as ops ({@code /admin/callbacks}) and the message's {@code callbacks} show it.
 * Filled by the callback feature, which owns the deliveries ({@link CallbackLookup}).
 *
 * @param status        the delivery's state by name, as the callback feature's lifecycle spells it
 * @param nextAttemptAt while PENDING, the next try (or the end of the lease of the one in flight); else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallbackView(
        UUID id,
        UUID messageId,
        int sequence,
        String type,
        String client,
        String host,
        @Schema(allowableValues = {"PENDING", "DELIVERED", "FAILED"}) String status,
        int attempts,
        Integer lastHttpStatus,
        String lastError,
        Instant lastAttemptAt,
        Instant nextAttemptAt,
        Instant deliveredAt,
        Instant createdAt) {
}
