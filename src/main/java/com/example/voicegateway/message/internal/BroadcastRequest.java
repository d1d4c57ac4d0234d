package com.example.voicegateway.message.internal;

import com.example.voicegateway.schedule.Priority;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /broadcasts} as sent: the fields every recipient's message shares, and the recipients. Each recipient
 * becomes a message checked by exactly the rules of {@code POST /voice-messages}
 * ({@link VoiceMessageRequestValidator}), so the shared fields carry no constraints of their own here.
 */
@Schema(description = "One message to many people: the fields all messages share (as in POST /voice-messages), and"
        + " up to 10,000 recipients, each with its own destination, reference and template variables.")
record BroadcastRequest(
        @Schema(description = "Caller id, as in POST /voice-messages", example = "+6568880000")
        String source,
        @Schema(description = "Text to speak, as in POST /voice-messages; exactly one of text, audioUrl and template",
                example = "The office is closed today because of the flood. Please work from home.")
        String text,
        @Schema(description = "Audio file URL, as in POST /voice-messages")
        String audioUrl,
        @Schema(description = "Text-to-speech voice, as in POST /voice-messages", example = "en-IE-EmilyNeural")
        String voiceProfile,
        @Schema(description = "Times the message is played, 1 to 3", example = "1")
        Integer repetition,
        @Schema(description = "Speech speed 0.5 to 2.0", example = "1")
        BigDecimal speed,
        @Schema(description = "No call starts after this instant, as in POST /voice-messages")
        Instant validUntil,
        @Schema(description = "Redial after a proven no-answer or busy, as in POST /voice-messages")
        VoiceMessageRequest.Redial redial,
        @Schema(description = "https URL for the broadcast.completed callback and, unless messageCallbacks is false,"
                + " every message's callbacks; default gateway.clients.<you>.callback-url",
                example = "https://hooks.example.com/voice")
        String callbackUrl,
        @Schema(description = "Press a key to confirm, as in POST /voice-messages")
        AcknowledgeRequest acknowledge,
        @Schema(description = "No call starts before this instant, as in POST /voice-messages")
        Instant sendAt,
        @Schema(implementation = DeliveryWindowRequest.class, nullable = true,
                description = "Local hours in which calls may start, in each recipient's zone; null: no window")
        WindowChoice deliveryWindow,
        @Schema(description = "Claim order among due messages; a broadcast defaults to LOW so that it never holds"
                + " up single messages", example = "LOW", defaultValue = "LOW")
        Priority priority,
        @Schema(description = "Instead of text: a template; each recipient's variables are added to (and win over)"
                + " the variables given here")
        VoiceMessageRequest.TemplateUse template,
        @ArraySchema(arraySchema = @Schema(description = "1 to 10,000 recipients",
                requiredMode = Schema.RequiredMode.REQUIRED), maxItems = BroadcastRequest.MAX_RECIPIENTS,
                minItems = 1)
        List<Recipient> recipients,
        @Schema(description = "true: invalid rows are reported in the answer and the valid ones accepted; default"
                + " false: one invalid row refuses the whole broadcast (400)", defaultValue = "false")
        Boolean partial,
        @Schema(description = "true: a destination may appear in several rows (each row is a call); default false:"
                + " a repeated destination is an invalid row", defaultValue = "false")
        Boolean allowDuplicates,
        @Schema(description = "false: no callback per message, only broadcast.completed; default true",
                defaultValue = "true")
        Boolean messageCallbacks,
        @Schema(description = "Press a key to be called no more, as in POST /voice-messages")
        OptOutRequest optOut) {

    static final int MAX_RECIPIENTS = 10_000;

    /** One person to call. */
    @Schema(description = "One person to call")
    record Recipient(
            @Schema(description = "Number to call, read as in POST /voice-messages", example = "+6591234567",
                    requiredMode = Schema.RequiredMode.REQUIRED, pattern = VoiceMessageRequest.NUMBER_PATTERN)
            String destination,
            @Schema(description = "Your reference for this person, at most 100 characters", example = "staff-0042")
            String clientReference,
            @Schema(description = "Values for the template's placeholders, for this person",
                    example = "{\"name\": \"Ana\"}")
            Map<String, Object> variables) {
    }

    boolean isPartial() {
        return Boolean.TRUE.equals(partial);
    }

    boolean duplicatesAllowed() {
        return Boolean.TRUE.equals(allowDuplicates);
    }

    boolean callbacksPerMessage() {
        return !Boolean.FALSE.equals(messageCallbacks);
    }

    /** The message one recipient gets: the shared fields, its destination, reference and variables. */
    VoiceMessageRequest messageFor(Recipient recipient) {
        VoiceMessageRequest.TemplateUse use = null;
        if (template != null) {
            Map<String, Object> variables = new LinkedHashMap<>();
            if (template.variables() != null) {
                variables.putAll(template.variables());
            }
            if (recipient.variables() != null) {
                variables.putAll(recipient.variables());
            }
            use = new VoiceMessageRequest.TemplateUse(template.id(), variables);
        }
        return new VoiceMessageRequest(recipient.destination(), source, text, audioUrl, voiceProfile, repetition,
                speed, validUntil, recipient.clientReference(), redial, null, callbackUrl, acknowledge, sendAt,
                deliveryWindow, priority == null ? Priority.LOW : priority, use, optOut);
    }
}
