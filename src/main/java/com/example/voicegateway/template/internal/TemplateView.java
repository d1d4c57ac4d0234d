package com.example.voicegateway.template.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A template as answered: its current version. */
@Schema(description = "A template's current version")
record TemplateView(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID id,
        @Schema(description = "1 when created, one more with each PUT; a message records the version it used",
                requiredMode = Schema.RequiredMode.REQUIRED) int version,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String language,
        @Schema(description = "The template's own voice profile, or null") String voiceProfile,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String text,
        @Schema(description = "The acknowledge texts, or null") TemplateRequest.Acknowledge acknowledge,
        @Schema(description = "Each placeholder's name and type", example = "{\"code\": \"digits\"}",
                requiredMode = Schema.RequiredMode.REQUIRED) Map<String, String> placeholders,
        @Schema(description = "true: created with an ops key, visible to every client",
                requiredMode = Schema.RequiredMode.REQUIRED) boolean shared,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant updatedAt,
        @Schema(description = "What will not be spoken as the template may expect, e.g. a language without spelled-out"
                + " numbers", requiredMode = Schema.RequiredMode.REQUIRED) List<String> warnings) {
}
