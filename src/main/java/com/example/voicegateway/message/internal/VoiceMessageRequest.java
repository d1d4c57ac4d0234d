package com.example.voicegateway.message.internal;

import com.example.voicegateway.phone.PhoneNumbers;
import com.example.voicegateway.schedule.Priority;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /voice-messages} as sent. The constraints are the rules a request can be checked by alone; the limits
 * mirror what 8x8 itself accepts, so a message we accept is one 8x8 will not reject for its shape. The rules that need
 * settings, the caller or the clock are {@link VoiceMessageRequestValidator}'s, the numbers among them (how a number
 * without {@code +} reads depends on the client's default region).
 */
@Schema(description = "A voice message to send: exactly one of text, audioUrl and template.")
@TextOrAudio
record VoiceMessageRequest(
        @Schema(description = "Number to call: E.164, + and the country code (+6591234567). Without +, a national"
                + " number of your client's gateway.clients.<you>.default-region (91234567 for SG); refused when it"
                + " has none", example = "+6591234567", requiredMode = Schema.RequiredMode.REQUIRED,
                pattern = NUMBER_PATTERN)
        @NotNull(message = "is required")
        String destination,
        @Schema(description = "Caller id shown to the destination, read like destination; default"
                + " gateway.eightbyeight.default-source", example = "+6568880000", pattern = NUMBER_PATTERN)
        String source,
        @Schema(description = "Text to speak, 1 to 3000 characters", example = "Your parcel arrives tomorrow between 9 and 11.")
        @Size(max = 3000, message = SpokenText.LENGTH) @SpokenText
        String text,
        @Schema(description = "http(s) URL of an .mp3 or .wav file, at most 2048 characters",
                example = "https://example.com/audio/reminder.mp3")
        @Size(max = 2048, message = "must be at most 2048 characters") @AudioFileUrl
        String audioUrl,
        @Schema(description = "Text-to-speech voice; only with text", example = "en-IE-EmilyNeural")
        @Pattern(regexp = "[A-Za-z0-9-]{1,64}",
                message = "must be letters, digits and hyphens, at most 64 characters, like en-IE-EmilyNeural")
        String voiceProfile,
        @Schema(description = "How many times the message is played, 1 to 3", example = "1", defaultValue = "1")
        @Min(value = 1, message = "must be 1, 2 or 3") @Max(value = 3, message = "must be 1, 2 or 3")
        Integer repetition,
        @Schema(description = "Speech speed 0.5 to 2.0; only with text", example = "1", defaultValue = "1")
        @DecimalMin(value = "0.5", message = "must be between 0.5 and 2.0")
        @DecimalMax(value = "2.0", message = "must be between 0.5 and 2.0")
        @Digits(integer = 1, fraction = 2, message = "must have one digit before the point and at most two after it")
        BigDecimal speed,
        @Schema(description = "8x8 never starts the call after this instant (ISO-8601, in the future); default now +"
                + " gateway.default-validity")
        Instant validUntil,
        @Schema(description = "Your own reference, at most 100 characters; searchable", example = "order-4711")
        @Size(max = 100, message = SpokenText.LENGTH) @SpokenText
        String clientReference,
        @Schema(description = "Call again after a proven no-answer or busy; default one call")
        @Valid
        Redial redial,
        @ArraySchema(arraySchema = @Schema(description = "Up to 3 more numbers, read like destination, one call each,"
                + " in order, once the calls to destination are used up and the last ended with an outcome in"
                + " redial.on", example = "[\"+6598765432\"]"), schema = @Schema(pattern = NUMBER_PATTERN),
                maxItems = 3)
        @Size(max = 3, message = "must hold at most 3 numbers")
        List<@NotNull(message = "is required") String> fallbackDestinations,
        @Schema(description = "https URL that gets a signed callback for every status change (Standard Webhooks);"
                + " its host must be one of your gateway.clients.<you>.callback-hosts. Default:"
                + " gateway.clients.<you>.callback-url", example = "https://hooks.example.com/voice")
        String callbackUrl,
        @Schema(description = "Optional: ask the person to press a key to confirm they heard the message")
        @Valid
        AcknowledgeRequest acknowledge,

        @Schema(description = "No call starts before this instant (ISO-8601); at most gateway.max-validity ahead")
        Instant sendAt,
        @Schema(implementation = DeliveryWindowRequest.class, nullable = true,
                description = "Local hours in which calls may start; default the client's or the gateway's window."
                        + " null: no window, even when a default exists")
        WindowChoice deliveryWindow,
        @Schema(description = "Claim order among due messages", example = "HIGH", defaultValue = "NORMAL")
        Priority priority,
        @Schema(description = "Instead of text: a template (POST /templates) and a value for each of its"
                + " placeholders; the rendered text is what is stored, sent and shown as text")
        @Valid
        TemplateUse template,
        @Schema(description = "Optional: let the person press a key to stop receiving calls from you; the number"
                + " then goes on your do-not-call list (GET /suppressions)")
        @Valid
        OptOutRequest optOut) {

    /**
     * A number's shape as the document states it: E.164, or digits alone (only for a client with a default region);
     * ClientNumbers then checks it is a possible number.
     */
    static final String NUMBER_PATTERN = "^(?:" + PhoneNumbers.NUMBER_SHAPE + ")$";

    /** {@code template} as sent. */
    @Schema(description = "A template and the values of its placeholders")
    record TemplateUse(
            @Schema(description = "The template's id", example = "0195f0a4-8c00-7000-8000-000000000001",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @NotNull(message = "is required")
            String id,
            @Schema(description = "A value for each placeholder: strings (digits as strings, amounts like"
                    + " \"12.50 SGD\", instants like \"2026-12-07T10:30:00Z\"), numbers for number",
                    example = "{\"code\": \"4815\", \"expiresAt\": \"2026-12-07T10:30:00Z\"}")
            java.util.Map<String, Object> variables) {
    }

    /** {@code redial} as sent. */
    @Schema(description = "Calls to destination in all, the pause between calls, and the outcomes that lead to the"
            + " next call")
    record Redial(
            @Schema(description = "Calls to destination in all, 1 to 5", example = "3", defaultValue = "1")
            @Min(value = 1, message = "must be 1 to 5") @Max(value = 5, message = "must be 1 to 5")
            Integer maxCalls,
            @Schema(description = "ISO-8601 duration from the end of one call to the start of the next; at least"
                    + " gateway.redial.min-interval, at most PT6H; default 5 x gateway.redial.min-interval (PT5M)",
                    example = "PT5M")
            String interval,
            @Schema(description = "Call outcomes that lead to the next call: NO_ANSWER, BUSY, and with acknowledge"
                    + " NOT_ACKNOWLEDGED; left out or empty: all that apply", example = "[\"NO_ANSWER\", \"BUSY\"]")
            List<String> on) {
    }
}
