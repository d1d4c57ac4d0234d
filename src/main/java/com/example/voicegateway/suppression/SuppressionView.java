package com.example.voicegateway.suppression;

import com.example.voicegateway.message.SuppressionList;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a do-not-call list. After {@code personalDataErasedAt} its number is masked (+65****4567) and its
 * reason's numbers too: the entry is then matched by its key alone, and still in force.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(requiredProperties = {"destination", "list", "reason", "origin", "createdBy", "createdAt"})
public record SuppressionView(
        @Schema(description = "The number in E.164; masked once personal data was erased", example = "+6591234567")
        String destination,
        @Schema(description = "CLIENT: a client's own list; GLOBAL: the list ops keep, for every client")
        SuppressionList list,
        @Schema(description = "The client whose list it is; absent for the global list", example = "billing")
        String client,
        @Schema(description = "Why, as given; a client's reason is replaced once personal data was erased")
        String reason,
        @Schema(description = "How it got there: API (POST /suppressions), CONSOLE (ops, in the console) or"
                + " KEY_PRESS (the person pressed the opt-out key during a call)")
        Origin origin,
        @Schema(description = "The key name that added it; for KEY_PRESS the client whose message was called")
        String createdBy,
        Instant createdAt,
        @Schema(description = "When the number may be called again; absent: never")
        Instant expiresAt,
        @Schema(description = "For KEY_PRESS: the message on whose call the key was pressed")
        UUID messageId,
        @Schema(description = "When retention masked the number (gateway.retention.personal-data after createdAt);"
                + " the entry still holds")
        Instant personalDataErasedAt) {

    /** How an entry got on its list. */
    public enum Origin {
        API,
        CONSOLE,
        KEY_PRESS
    }
}
