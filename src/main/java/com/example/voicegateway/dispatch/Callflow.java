package com.example.voicegateway.dispatch;

import com.example.voicegateway.message.ClaimedMessage;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * 8x8's Send Callflow body (voice-api-notes §1), in the order of 8x8's examples: {@code makeCall}, then {@code say}
 * or {@code playFile}, then {@code hangup}, or {@code sayAndCapture} when the message asks for a key press.
 */
record Callflow(String validUntil, String clientRequestId, List<Step> callflow) {

    /** 8x8's documented format: YYYY-MM-DDTHH:MM:SS.SSSZ, always UTC, always three fraction digits. */
    static final DateTimeFormatter VALID_UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** One action; {@code hangup} has no params. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Step(String action, Object params) {
    }

    record MakeCall(String source, String destination) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Say(String text, String voiceProfile, int repetition, BigDecimal speed) {
    }

    record PlayFile(String fileUrl, int repetition) {
    }

    /**
     * Every value given, since 8x8's pages disagree on the defaults (maxDigits 1 or 25, overallTimeout 5 s or 30 s,
     * noOfTries 1 or 3, completeOnHash true). Left out on purpose: successMessage (8x8 would say it for any key, the
     * wrong one included; our thanks follows the right key only), failureMessage (the prompt is simply repeated)
     * and digitTimeout (a pause between digits; there is only one).
     */
    record SayAndCapture(String promptMessage, String voiceProfile, BigDecimal speed, int minDigits, int maxDigits,
            boolean completeOnHash, int overallTimeout, int noOfTries) {
    }

    static Callflow of(ClaimedMessage m) {
        Step play = m.text() != null
                ? new Step("say", new Say(m.text(), m.voiceProfile(), m.repetition(),
                        m.speed() == null ? null : m.speed().stripTrailingZeros()))
                : new Step("playFile", new PlayFile(m.audioUrl(), m.repetition()));
        // With a key press the callflow ends in sayAndCapture: what follows is our answer to 8x8's call action webhook.
        Step last = m.capture() == null ? new Step("hangup", null)
                : new Step("sayAndCapture", new SayAndCapture(m.capture().prompt(), m.voiceProfile(),
                        m.speed() == null ? BigDecimal.ONE : m.speed().stripTrailingZeros(), 1, 1, false,
                        m.capture().timeoutMs(), m.capture().tries()));
        return new Callflow(VALID_UNTIL.format(m.validUntil()), m.clientRequestId(),
                List.of(new Step("makeCall", new MakeCall(m.source(), m.destination())), play, last));
    }
}
