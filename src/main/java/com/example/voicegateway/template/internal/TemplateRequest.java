package com.example.voicegateway.template.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /templates} and {@code PUT /templates/{id}} as sent: a whole template (PUT makes it a new version). */
@Schema(description = "A message text with typed ((name:type)) placeholders, in one language.")
record TemplateRequest(
        @Schema(description = "Your name for it, 1 to 100 characters", example = "one-time-code",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required") @Size(min = 1, max = 100, message = "must be 1 to 100 characters")
        String name,
        @Schema(description = "BCP 47 language tag the values are spoken in", example = "en-SG",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required") @Size(max = 35, message = "must be at most 35 characters")
        String language,
        @Schema(description = "8x8 voice profile, one of those 8x8 documents; default gateway.voices.<language>, else"
                + " gateway.eightbyeight.default-voice-profile", example = "en-IE-EmilyNeural")
        @Pattern(regexp = "[A-Za-z0-9-]{1,64}",
                message = "must be letters, digits and hyphens, at most 64 characters, like en-IE-EmilyNeural")
        String voiceProfile,
        @Schema(description = "The text, 1 to 3000 characters, with placeholders ((name:type)); types: text, digits,"
                + " number, amount, date, time, datetime, spell, phone ((name)) is text)",
                example = "Your code is ((code:digits)). It expires at ((expiresAt:time)).",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required") @Size(max = 3000, message = "must be at most 3000 characters")
        String text,
        @Schema(description = "Texts for a message sent with acknowledge, with placeholders of their own")
        @Valid
        Acknowledge acknowledge) {

    /** The acknowledge texts of a template. */
    @Schema(name = "TemplateAcknowledge",
            description = "The prompt and thanks of a message with acknowledge; the message's own win")
    record Acknowledge(
            @Schema(description = "Spoken after the message, 1 to 500 characters", example = "Press 1 if you made this"
                    + " payment of ((total:amount)).")
            @Size(max = 500, message = "must be at most 500 characters")
            String prompt,
            @Schema(description = "Spoken after the right key, 1 to 500 characters", example = "Thank you.")
            @Size(max = 500, message = "must be at most 500 characters")
            String thanks) {
    }
}
