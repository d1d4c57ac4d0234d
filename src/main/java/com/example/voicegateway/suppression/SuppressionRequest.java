package com.example.voicegateway.suppression;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** {@code POST /suppressions} as sent: a number not to call. */
@Schema(description = "A number not to call: on your own list with a client key, on the global list with an ops key")
public record SuppressionRequest(
        @Schema(description = "The number: E.164 (+6591234567), or as a person writes it (+65 9123-4567, (+65)"
                + " 91234567); without +, a national number of your gateway.clients.<you>.default-region",
                example = "+6591234567", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required")
        String destination,
        @Schema(description = "Why, for whoever reads the list: 1 to 500 characters", example = "Asked by email on"
                + " 2026-12-01 not to be called", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank(message = "is required: say why, for whoever reads the list")
        @Size(max = 500, message = "must be at most 500 characters")
        String reason,
        @Schema(description = "When the number may be called again (ISO-8601, in the future); none: never")
        Instant expiresAt) {
}
