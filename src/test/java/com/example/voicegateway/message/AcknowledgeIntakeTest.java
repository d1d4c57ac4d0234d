package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The {@code acknowledge} object: both sides of each bound, the defaults, and a 400 naming the field. */
class AcknowledgeIntakeTest extends IntegrationTest {

    private static String text(String acknowledge) {
        return "{\"destination\":\"+6591234567\",\"text\":\"Hello\",\"acknowledge\":" + acknowledge + "}";
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("digit only", text("{\"digit\":\"1\"}")),
                Arguments.of("digit 0", text("{\"digit\":\"0\"}")),
                Arguments.of("digit 9", text("{\"digit\":\"9\"}")),
                Arguments.of("prompt of 1", text("{\"digit\":\"1\",\"prompt\":\"x\"}")),
                Arguments.of("prompt of 500", text("{\"digit\":\"1\",\"prompt\":\"" + "p".repeat(500) + "\"}")),
                Arguments.of("thanks of 500", text("{\"digit\":\"1\",\"thanks\":\"" + "t".repeat(500) + "\"}")),
                Arguments.of("empty thanks: say nothing", text("{\"digit\":\"1\",\"thanks\":\"\"}")),
                Arguments.of("timeout PT3S", text("{\"digit\":\"1\",\"timeout\":\"PT3S\"}")),
                Arguments.of("timeout PT60S", text("{\"digit\":\"1\",\"timeout\":\"PT1M\"}")),
                Arguments.of("tries 1", text("{\"digit\":\"1\",\"tries\":1}")),
                Arguments.of("tries 3", text("{\"digit\":\"1\",\"tries\":3}")),
                Arguments.of("audio with a voice for the prompt",
                        "{\"destination\":\"+6591234567\",\"audioUrl\":\"https://e.com/a.mp3\","
                                + "\"voiceProfile\":\"en-IE-EmilyNeural\",\"speed\":1.25,\"acknowledge\":{\"digit\":\"5\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void accepted(String name, String body) {
        Answer answer = post("/voice-messages", ALPHA_KEY, body);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(text("{}"), "acknowledge.digit", "is required"),
                Arguments.of(text("{\"digit\":\"12\"}"), "acknowledge.digit", "must be one of 0 to 9"),
                Arguments.of(text("{\"digit\":\"#\"}"), "acknowledge.digit", "must be one of 0 to 9"),
                Arguments.of(text("{\"digit\":1}"), "acknowledge.digit", "must be a string"),
                Arguments.of(text("{\"digit\":\"1\",\"prompt\":\"\"}"), "acknowledge.prompt", "must not be blank"),
                Arguments.of(text("{\"digit\":\"1\",\"prompt\":\"" + "p".repeat(501) + "\"}"), "acknowledge.prompt",
                        "must be at most 500 characters"),
                Arguments.of(text("{\"digit\":\"1\",\"thanks\":\"" + "t".repeat(501) + "\"}"), "acknowledge.thanks",
                        "must be at most 500 characters"),
                Arguments.of(text("{\"digit\":\"1\",\"timeout\":\"PT2.999S\"}"), "acknowledge.timeout",
                        "must be an ISO-8601 duration from PT3S to PT60S, like PT10S"),
                Arguments.of(text("{\"digit\":\"1\",\"timeout\":\"PT61S\"}"), "acknowledge.timeout",
                        "must be an ISO-8601 duration from PT3S to PT60S, like PT10S"),
                Arguments.of(text("{\"digit\":\"1\",\"timeout\":\"10 seconds\"}"), "acknowledge.timeout",
                        "must be an ISO-8601 duration from PT3S to PT60S, like PT10S"),
                Arguments.of(text("{\"digit\":\"1\",\"tries\":0}"), "acknowledge.tries", "must be 1, 2 or 3"),
                Arguments.of(text("{\"digit\":\"1\",\"tries\":4}"), "acknowledge.tries", "must be 1, 2 or 3"),
                Arguments.of(text("{\"digit\":\"1\",\"tries\":1.5}"), "acknowledge.tries", "must be a whole number"),
                Arguments.of(text("{\"digit\":\"1\",\"repeat\":true}"), "acknowledge.repeat", "is not a known field"),
                Arguments.of(text("\"1\""), "acknowledge", "must be a JSON object"));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource
    void refused(String body, String field, String message) {
        Answer answer = post("/voice-messages", ALPHA_KEY, body);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo(field);
        assertThat(answer.json().at("/errors/0/message").asString()).startsWith(message);
    }

    @Test
    void theDefaultsAreFilledInAndShown() {
        Answer answer = post("/voice-messages", ALPHA_KEY, text("{\"digit\":\"3\"}"));

        JsonNode acknowledge = answer.json().get("acknowledge");
        assertThat(acknowledge.get("digit").asString()).isEqualTo("3");
        assertThat(acknowledge.get("prompt").asString()).isEqualTo("Press 3 to confirm.");
        assertThat(acknowledge.has("thanks")).isFalse();
        assertThat(acknowledge.get("timeout").asString()).isEqualTo("PT10S");
        assertThat(acknowledge.get("tries").asInt()).isEqualTo(2);
        JsonNode stored = get("/voice-messages/" + answer.json().get("id").asString(), ALPHA_KEY).json();
        assertThat(stored.get("acknowledge")).isEqualTo(acknowledge);
        assertThat(stored.at("/acknowledgement/expectedDigit").asString()).isEqualTo("3");
        assertThat(stored.at("/acknowledgement/pressed").isNull()).isTrue();
    }

    @Test
    void everyBrokenRuleIsListedAtOnce() {
        Answer answer = post("/voice-messages", ALPHA_KEY, text("{\"digit\":\"x\",\"tries\":9,\"timeout\":\"PT1S\"}"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errors")).hasSize(3);
    }

    @Test
    void withAcknowledgeRedialOnDefaultsToNotAcknowledgedToo() {
        Answer withAck = post("/voice-messages", ALPHA_KEY, text("{\"digit\":\"1\"}"));
        assertThat(withAck.json().at("/redial/on").toString())
                .isEqualTo("[\"NO_ANSWER\",\"BUSY\",\"NOT_ACKNOWLEDGED\"]");
        Answer without = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"+6591234567\",\"text\":\"Hi\"}");
        assertThat(without.json().at("/redial/on").toString()).isEqualTo("[\"NO_ANSWER\",\"BUSY\"]");
        Answer chosen = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"+6591234567\",\"text\":\"Hi\","
                + "\"redial\":{\"on\":[\"NOT_ACKNOWLEDGED\"]},\"acknowledge\":{\"digit\":\"1\"}}");
        assertThat(chosen.status()).isEqualTo(202);
        assertThat(chosen.json().at("/redial/on").toString()).isEqualTo("[\"NOT_ACKNOWLEDGED\"]");
    }

    @Test
    void notAcknowledgedInRedialOnNeedsAcknowledge() {
        Answer answer = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"+6591234567\",\"text\":\"Hi\","
                + "\"redial\":{\"on\":[\"BUSY\",\"NOT_ACKNOWLEDGED\"]}}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("redial.on[1]");
        assertThat(answer.json().at("/errors/0/message").asString()).isEqualTo("NOT_ACKNOWLEDGED needs acknowledge");
    }

    @Test
    void withoutAcknowledgeAudioStillTakesNoVoice() {
        Answer answer = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"+6591234567\","
                + "\"audioUrl\":\"https://e.com/a.mp3\",\"voiceProfile\":\"en-IE-EmilyNeural\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("voiceProfile");
    }

    @Test
    void theSameIdempotencyKeyWithAnotherAcknowledgeIsAConflict() {
        assertThat(post("/voice-messages", ALPHA_KEY, text("{\"digit\":\"1\"}"), "ack-key").status()).isEqualTo(202);
        Answer other = post("/voice-messages", ALPHA_KEY, text("{\"digit\":\"2\"}"), "ack-key");
        assertThat(other.status()).isEqualTo(422);
    }
}
