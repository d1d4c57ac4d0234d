package com.example.voicegateway.message;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;

/** {@code POST /voice-messages} as sent; {@link VoiceMessageRequestValidator} holds the rules. */
@Schema(description = "A voice message to send: exactly one of text and audioUrl.")
record VoiceMessageRequest(
        @Schema(description = "E.164 number to call; the leading + is optional", example = "+6591234567",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String destination,
        @Schema(description = "Caller id shown to the destination (E.164); default gateway.eightbyeight.default-source",
                example = "+6568880000")
        String source,
        @Schema(description = "Text to speak, 1 to 3000 characters", example = "Your parcel arrives tomorrow between 9 and 11.")
        String text,
        @Schema(description = "http(s) URL of an .mp3 or .wav file, at most 2048 characters",
                example = "https://example.com/audio/reminder.mp3")
        String audioUrl,
        @Schema(description = "Text-to-speech voice; only with text", example = "en-IE-EmilyNeural")
        String voiceProfile,
        @Schema(description = "How many times the message is played, 1 to 3", example = "1", defaultValue = "1")
        Integer repetition,
        @Schema(description = "Speech speed 0.5 to 2.0; only with text", example = "1", defaultValue = "1")
        BigDecimal speed,
        @Schema(description = "8x8 never starts the call after this instant; default now + gateway.default-validity",
                example = "2026-11-25T16:00:00Z")
        Instant validUntil,
        @Schema(description = "Your own reference, at most 100 characters; searchable", example = "order-4711")
        String clientReference,
        @Schema(description = "Optional: ask the person to press a key to confirm they heard the message")
        AcknowledgeRequest acknowledge) {
}
