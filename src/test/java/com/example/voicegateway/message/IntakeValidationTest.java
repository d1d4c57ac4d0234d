package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every intake rule, both sides of each bound, seen as an outside client sees it. What the strict JSON reading refuses
 * before intake (a wrong type, an unknown field, a number out of range, NUL) is proven in the web slice
 * {@code message.internal.VoiceMessageControllerTest}.
 */
class IntakeValidationTest extends IntegrationTest {

    private static String json(String fields) {
        return "{" + fields + "}";
    }

    private static String textMessage(String extra) {
        return json("\"destination\":\"+6591234567\",\"text\":\"Hello\"" + (extra.isEmpty() ? "" : "," + extra));
    }

    private static String audioMessage(String url) {
        return json("\"destination\":\"+6591234567\",\"audioUrl\":\"" + url + "\"");
    }

    static Stream<Arguments> accepted() {
        String maxText = "a".repeat(3000);
        String longestUrl = "https://example.com/" + "a".repeat(2048 - "https://example.com/".length() - 4) + ".mp3";
        return Stream.of(
                Arguments.of("text of 1 character", json("\"destination\":\"+6591234567\",\"text\":\"x\"")),
                Arguments.of("text of 3000 characters", json("\"destination\":\"+6591234567\",\"text\":\"" + maxText + "\"")),
                Arguments.of("audio .mp3", audioMessage("https://example.com/a/reminder.mp3")),
                Arguments.of("audio .WAV over http", audioMessage("http://example.com/reminder.WAV?v=2")),
                Arguments.of("audio URL of 2048 characters", audioMessage(longestUrl)),
                Arguments.of("voice profile of 64 characters", textMessage("\"voiceProfile\":\"" + "a".repeat(64) + "\"")),
                Arguments.of("repetition 1", textMessage("\"repetition\":1")),
                Arguments.of("repetition 3", textMessage("\"repetition\":3")),
                Arguments.of("repetition with audio", json("\"destination\":\"+6591234567\",\"audioUrl\":\"https://e.com/a.mp3\",\"repetition\":2")),
                Arguments.of("speed 0.5", textMessage("\"speed\":0.5")),
                Arguments.of("speed 2.0", textMessage("\"speed\":2.0")),
                Arguments.of("speed as whole number", textMessage("\"speed\":1")),
                Arguments.of("client reference of 100", textMessage("\"clientReference\":\"" + "r".repeat(100) + "\"")),
                Arguments.of("source given", textMessage("\"source\":\"+6568881234\"")),
                Arguments.of("validUntil 23 h ahead", textMessage("\"validUntil\":\"" + Instant.now().plus(Duration.ofHours(23)) + "\"")),
                Arguments.of("validUntil with an offset", textMessage("\"validUntil\":\"" +
                        java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(8)).plusMinutes(5) + "\"")),
                Arguments.of("redial of 1 call", textMessage("\"redial\":{\"maxCalls\":1}")),
                Arguments.of("redial of 5 calls 6 hours apart on busy",
                        textMessage("\"redial\":{\"maxCalls\":5,\"interval\":\"PT6H\",\"on\":[\"BUSY\"]}")),
                Arguments.of("redial interval at the minimum", textMessage("\"redial\":{\"interval\":\"PT1M\"}")),
                Arguments.of("three fallbacks", textMessage("\"fallbackDestinations\":[\"+6598765431\",\"+6598765432\","
                        + "\"+6598765433\"]")),
                Arguments.of("empty fallbacks", textMessage("\"fallbackDestinations\":[]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void accepted(String name, String body) {
        Answer answer = post("/voice-messages", ALPHA_KEY, body);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        assertThat(answer.json().get("status").asString()).isEqualTo("QUEUED");
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("destination missing", json("\"text\":\"Hi\""), "destination"),
                Arguments.of("destination null", json("\"destination\":null,\"text\":\"Hi\""), "destination"),
                Arguments.of("destination without + (alpha has no default region)",
                        json("\"destination\":\"6591234567\",\"text\":\"Hi\""), "destination"),
                Arguments.of("source without +", textMessage("\"source\":\"6568881234\""), "source"),
                Arguments.of("fallback without +", textMessage("\"fallbackDestinations\":[\"6598765431\"]"),
                        "fallbackDestinations[0]"),
                Arguments.of("destination with letters", json("\"destination\":\"+65abc\",\"text\":\"Hi\""), "destination"),
                Arguments.of("destination too short", json("\"destination\":\"+6512\",\"text\":\"Hi\""), "destination"),
                Arguments.of("destination with spaces", json("\"destination\":\"+65 9123 4567\",\"text\":\"Hi\""), "destination"),
                Arguments.of("destination too long", json("\"destination\":\"+6591234567891234\",\"text\":\"Hi\""), "destination"),
                Arguments.of("source impossible", textMessage("\"source\":\"+1\""), "source"),
                Arguments.of("neither text nor audio", json("\"destination\":\"+6591234567\""), "text"),
                Arguments.of("both text and audio", textMessage("\"audioUrl\":\"https://e.com/a.mp3\""), "audioUrl"),
                Arguments.of("text empty", json("\"destination\":\"+6591234567\",\"text\":\"\""), "text"),
                Arguments.of("text blank", json("\"destination\":\"+6591234567\",\"text\":\"   \""), "text"),
                Arguments.of("text of 3001 characters", json("\"destination\":\"+6591234567\",\"text\":\"" + "a".repeat(3001) + "\""), "text"),
                Arguments.of("audio ftp", audioMessage("ftp://example.com/a.mp3"), "audioUrl"),
                Arguments.of("audio .ogg", audioMessage("https://example.com/a.ogg"), "audioUrl"),
                Arguments.of("audio no host", audioMessage("https:///a.mp3"), "audioUrl"),
                Arguments.of("audio not a URL", audioMessage("not a url.mp3"), "audioUrl"),
                Arguments.of("audio URL of 2049 characters", audioMessage("https://example.com/" + "a".repeat(2049 - 24) + ".mp3"), "audioUrl"),
                Arguments.of("voice profile with audio", json("\"destination\":\"+6591234567\",\"audioUrl\":\"https://e.com/a.mp3\",\"voiceProfile\":\"en-GB-Emma\""), "voiceProfile"),
                Arguments.of("voice profile of 65", textMessage("\"voiceProfile\":\"" + "a".repeat(65) + "\""), "voiceProfile"),
                Arguments.of("voice profile with underscore", textMessage("\"voiceProfile\":\"en_GB\""), "voiceProfile"),
                Arguments.of("repetition 0", textMessage("\"repetition\":0"), "repetition"),
                Arguments.of("repetition 4", textMessage("\"repetition\":4"), "repetition"),
                Arguments.of("speed 0.49", textMessage("\"speed\":0.49"), "speed"),
                Arguments.of("speed 2.01", textMessage("\"speed\":2.01"), "speed"),
                Arguments.of("speed with three decimals", textMessage("\"speed\":1.125"), "speed"),
                Arguments.of("speed with audio", json("\"destination\":\"+6591234567\",\"audioUrl\":\"https://e.com/a.mp3\",\"speed\":1"), "speed"),
                Arguments.of("validUntil in the past", textMessage("\"validUntil\":\"" + Instant.now().minusSeconds(1) + "\""), "validUntil"),
                Arguments.of("validUntil beyond max validity", textMessage("\"validUntil\":\"" + Instant.now().plus(Duration.ofHours(24)).plusSeconds(60) + "\""), "validUntil"),
                Arguments.of("client reference of 101", textMessage("\"clientReference\":\"" + "r".repeat(101) + "\""), "clientReference"),
                Arguments.of("redial maxCalls 0", textMessage("\"redial\":{\"maxCalls\":0}"), "redial.maxCalls"),
                Arguments.of("redial maxCalls 6", textMessage("\"redial\":{\"maxCalls\":6}"), "redial.maxCalls"),
                Arguments.of("redial interval in words", textMessage("\"redial\":{\"interval\":\"5 minutes\"}"),
                        "redial.interval"),
                Arguments.of("redial interval below gateway.redial.min-interval",
                        textMessage("\"redial\":{\"interval\":\"PT59S\"}"), "redial.interval"),
                Arguments.of("redial interval over 6 hours", textMessage("\"redial\":{\"interval\":\"PT6H1S\"}"),
                        "redial.interval"),
                Arguments.of("redial on repeating an outcome",
                        textMessage("\"redial\":{\"on\":[\"BUSY\",\"BUSY\"]}"), "redial.on"),
                Arguments.of("redial on an outcome that is not redialed",
                        textMessage("\"redial\":{\"on\":[\"NO_ANSWER\",\"FAILED\"]}"), "redial.on[1]"),
                Arguments.of("four fallbacks", textMessage("\"fallbackDestinations\":[\"+6598765431\",\"+6598765432\","
                        + "\"+6598765433\",\"+6598765434\"]"), "fallbackDestinations"),
                Arguments.of("duplicate fallback", textMessage("\"fallbackDestinations\":[\"+6598765431\",\"+6598765431\"]"),
                        "fallbackDestinations[1]"),
                Arguments.of("fallback equal to destination", textMessage("\"fallbackDestinations\":[\"+6591234567\"]"),
                        "fallbackDestinations[0]"),
                Arguments.of("fallback not a number", textMessage("\"fallbackDestinations\":[\"+65abc\"]"),
                        "fallbackDestinations[0]"),
                Arguments.of("fallback null", textMessage("\"fallbackDestinations\":[null]"), "fallbackDestinations[0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void rejected(String name, String body, String field) {
        Answer answer = post("/voice-messages", ALPHA_KEY, body);

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString())).contains(field);
        // The detail joins each field and its message: "validUntil validUntil ..." reads as a stutter.
        problem.get("errors").forEach(error -> assertThat(error.get("message").asString())
                .as("the message of " + error.get("field").asString())
                .doesNotContainPattern("(?<![\\w.-])" + Pattern.quote(ownName(error.get("field").asString()))
                        + "(?![\\w.-])"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM message_state", Long.class)).isZero();
    }

    /** {@code redial.on[1]} is {@code on}. */
    private static String ownName(String field) {
        String last = field.substring(field.lastIndexOf('.') + 1);
        return last.contains("[") ? last.substring(0, last.indexOf('[')) : last;
    }

    @Test
    void aRepeatedRedialOutcomeIsRefusedNotFolded() {
        Answer answer = post("/voice-messages", ALPHA_KEY, textMessage("\"redial\":{\"on\":[\"BUSY\",\"BUSY\"]}"));

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.json().get("errors").valueStream()
                .map(e -> e.get("field").asString() + " " + e.get("message").asString()))
                .containsExactly("redial.on must not repeat an outcome");
    }

    @Test
    void everyBrokenRuleIsListedAtOnce() {
        Answer answer = post("/voice-messages", ALPHA_KEY,
                json("\"destination\":\"+65\",\"text\":\"\",\"repetition\":9,\"clientReference\":\"" + "r".repeat(101) + "\""));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("destination", "text", "repetition", "clientReference");
    }

    @Test
    void aJsonNullBodyIs400() {
        // Read as no request at all, so it is intake's rule that refuses it (an empty, malformed or non-object body
        // is refused while reading: VoiceMessageControllerTest).
        assertThat(post("/voice-messages", ALPHA_KEY, "null").status()).isEqualTo(400);
    }
}
