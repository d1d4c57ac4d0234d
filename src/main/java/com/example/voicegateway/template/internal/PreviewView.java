package com.example.voicegateway.template.internal;

import io.swagger.v3.oas.annotations.media.Schema;

/** What a message with these values would say. */
@Schema(description = "The rendered texts, as a message would store and send them")
record PreviewView(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int version,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String text,
        @Schema(description = "The acknowledge prompt rendered, or null") String prompt,
        @Schema(description = "The acknowledge thanks rendered, or null") String thanks,
        @Schema(description = "The voice a message would get when it names none",
                requiredMode = Schema.RequiredMode.REQUIRED) String voiceProfile) {
}
