package com.example.voicegateway.message.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;

/** {@code acknowledge} as sent: "press a key to confirm". */
@Schema(description = "Ask the person to press a key after the message; only that key makes the call ACKNOWLEDGED.")
record AcknowledgeRequest(
        @Schema(description = "The key to press, one of 0-9", example = "1", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required") @Pattern(regexp = "[0-9]", message = "must be one of 0 to 9")
        String digit,
        @Schema(description = "Spoken after the message, 1 to 500 characters; default 'Press <digit> to confirm.'",
                example = "Press 1 to confirm you heard this message.")
        @Size(max = 500, message = SpokenText.LENGTH) @SpokenText
        String prompt,
        @Schema(description = "Spoken after the right key, at most 500 characters; none: the call just ends",
                example = "Thank you. Goodbye.")
        @Size(max = 500, message = SpokenText.LENGTH) @SpokenText(emptyAllowed = true)
        String thanks,
        @Schema(description = "ISO-8601 time to press a key after each prompt, PT3S to PT60S", example = "PT10S",
                defaultValue = "PT10S")
        @DurationBetween(min = "PT3S", max = "PT60S",
                message = "must be an ISO-8601 duration from PT3S to PT60S, like PT10S")
        String timeout,
        @Schema(description = "How often the prompt is played when nothing is pressed, 1 to 3", example = "2",
                defaultValue = "2")
        @Min(value = 1, message = "must be 1, 2 or 3") @Max(value = 3, message = "must be 1, 2 or 3")
        Integer tries) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_TRIES = 2;

    /** The acknowledgement to store, defaults applied; only called on a request that passed its constraints. */
    Acknowledge withDefaults() {
        // An empty thanks means "say nothing": stored as none, so the answer is a plain hangup.
        String said = thanks == null || thanks.isEmpty() ? null : thanks;
        Duration wait = timeout == null ? DEFAULT_TIMEOUT : Duration.parse(timeout);
        return new Acknowledge(digit, prompt != null ? prompt : "Press " + digit + " to confirm.", said,
                (int) wait.toMillis(), tries == null ? DEFAULT_TRIES : tries);
    }
}
