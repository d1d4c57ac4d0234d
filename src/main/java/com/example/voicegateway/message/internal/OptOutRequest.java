package com.example.voicegateway.message.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code optOut} as sent: "press 9 to stop receiving these calls". */
@Schema(description = "Let the person refuse further calls: after the message a sentence names the key (in the"
        + " message's language, from the settings), and that key puts the number on your do-not-call list")
record OptOutRequest(
        @Schema(description = "The key that stops further calls, one of 0-9; not acknowledge's digit", example = "9",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required") @Pattern(regexp = "[0-9]", message = "must be one of 0 to 9")
        String digit,
        @Schema(description = "Spoken after the key, at most 500 characters; none: the call just ends",
                example = "You will not receive these calls again.")
        @Size(max = 500, message = SpokenText.LENGTH) @SpokenText(emptyAllowed = true)
        String confirmation) {
}
