package com.example.voicegateway.message.internal;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code acknowledge} as sent: "press a key to confirm". {@link AcknowledgeRules} holds the rules. */
@Schema(description = "Ask the person to press a key after the message; only that key makes the call ACKNOWLEDGED.")
record AcknowledgeRequest(
        @Schema(description = "The key to press, one of 0-9", example = "1", requiredMode = Schema.RequiredMode.REQUIRED)
        String digit,
        @Schema(description = "Spoken after the message, 1 to 500 characters; default 'Press <digit> to confirm.'",
                example = "Press 1 to confirm you heard this message.")
        String prompt,
        @Schema(description = "Spoken after the right key, at most 500 characters; none: the call just ends",
                example = "Thank you. Goodbye.")
        String thanks,
        @Schema(description = "ISO-8601 time to press a key after each prompt, PT3S to PT60S", example = "PT10S",
                defaultValue = "PT10S")
        String timeout,
        @Schema(description = "How often the prompt is played when nothing is pressed, 1 to 3", example = "2",
                defaultValue = "2")
        Integer tries) {
}
