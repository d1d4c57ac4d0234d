package com.example.voicegateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import com.example.voicegateway.support.RawHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** The probes of issue 9, each a 400 problem naming what is wrong, never a 5xx or a stack trace in the log. */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputTest extends IntegrationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/voice-messages?%              | alpha-key | %",
            "/voice-messages?page=%ff       | alpha-key | page",
            "/voice-messages?destination=%ff%fe | alpha-key | destination",
            "/voice-messages?size=%2        | alpha-key | size",
            "/actuator/health?%             |           | %",
            "/swagger-ui.html?%             |           | %",
            "/webhooks/8x8/voice-session-summary?a=%zz |  | a"})
    void aMalformedQueryStringIs400NamingTheParameter(String path, String key, String parameter,
            CapturedOutput output) {
        RawHttp.Response answer = key == null ? RawHttp.send(port, "GET", path, null)
                : RawHttp.send(port, "GET", path, null, "X-API-Key: " + key);

        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(JSON.readTree(answer.body()).get("errors").get(0).get("field").asString()).isEqualTo(parameter);
        assertThat(output.getOut() + output.getErr()).doesNotContain("InvalidParameterException")
                .doesNotContain("\tat org.apache");
    }

    @Test
    void errorAskedForDirectlyIsA404Problem() {
        for (String key : new String[] {null, ALPHA_KEY}) {
            Answer answer = get("/error", key);
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"createdFrom=%2B294277-01-01T00:00:00Z", "createdFrom=-4714-11-24T00:00:00Z",
            "createdTo=%2B10000-01-01T00:00:00Z"})
    void listFiltersOutOfRangeAre400(String query) {
        Answer answer = get("/voice-messages?" + query, ALPHA_KEY);

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo(query.split("=")[0]);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"repetition\": \"\"                  | repetition",
            "\"speed\": \" \"                      | speed",
            "\"speed\": \"\"                       | speed",
            "\"validUntil\": 1796130582            | validUntil",
            "\"validUntil\": 1796130582.5          | validUntil",
            "\"validUntil\": \"\"                  | validUntil",
            "\"destination\": \"+6591234568\"      | destination",
            "\"redial\": {\"maxCalls\": 2, \"maxCalls\": 3} | redial.maxCalls",
            "\"acknowledge\": {\"digit\": \"1\", \"digit\": \"2\"} | acknowledge.digit",
            "\"deliveryWindow\": {\"from\": \"09:00\", \"from\": \"10:00\", \"to\": \"17:00\"} | deliveryWindow.from",
            // An enum is one of its exact names: no index, no trimming, no other case.
            "\"priority\": \"0\"                     | priority",
            "\"priority\": \"2\"                     | priority",
            "\"priority\": 0                         | priority",
            "\"priority\": 1.0                       | priority",
            "\"priority\": \" HIGH\"                 | priority",
            "\"priority\": \"HIGH \"                 | priority",
            "\"priority\": \"1 \"                    | priority",
            "\"priority\": \"high\"                  | priority",
            "\"priority\": \"\"                      | priority",
            "\"priority\": true                      | priority",
            "\"priority\": [\"HIGH\"]                | priority"})
    void valuesAreNeverCoercedOrOverwritten(String extra, String field) {
        Answer answer = post("/voice-messages", ALPHA_KEY,
                "{\"destination\": \"+6591234567\", \"text\": \"Hello\", " + extra + "}");

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    @Test
    void anExactEnumNameIsAccepted() {
        assertThat(post("/voice-messages", ALPHA_KEY,
                "{\"destination\": \"+6591234567\", \"text\": \"Hi\", \"priority\": \"LOW\"}").status()).isEqualTo(202);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u00a0\\u00a0", "\\u200b", "\\ufeff", " \\u2028\\t", "a\\u0007b", "a\\u0000b",
            "a\\ud800b", "a\\udc00", "\\ud83d"})
    void invisibleControlAndBrokenTextIsRefused(String escaped) {
        Answer answer = post("/voice-messages", ALPHA_KEY,
                "{\"destination\": \"+6591234567\", \"text\": \"" + escaped + "\"}");

        assertThat(answer.status()).as(escaped + ": " + answer.raw().body()).isEqualTo(400);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("text");
    }

    @Test
    void textLengthIsCountedInUtf16UnitsAsEightByEightCounts() {
        String emoji = "\uD83D\uDE00";
        Answer tooLong = post("/voice-messages", ALPHA_KEY,
                "{\"destination\": \"+6591234567\", \"text\": \"" + emoji.repeat(1501) + "\"}");
        Answer fits = post("/voice-messages", ALPHA_KEY,
                "{\"destination\": \"+6591234567\", \"text\": \"" + emoji.repeat(1500) + "\"}");
        Answer wordsWithAZeroWidthSpace = post("/voice-messages", ALPHA_KEY,
                "{\"destination\": \"+6591234567\", \"text\": \"two\\u200bwords\"}");

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("message").asString()).contains("UTF-16");
        assertThat(fits.status()).isEqualTo(202);
        assertThat(wordsWithAZeroWidthSpace.status()).isEqualTo(202);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com:99999/a.mp3", "https://user:secret@example.com/a.mp3",
            "https://example.com:0/a.mp3", "https://user@example.com/a.mp3"})
    void audioUrlsWithBadPortsOrCredentialsAreRefusedAndNotEchoed(String url) {
        Answer answer = post("/voice-messages", ALPHA_KEY,
                "{\"destination\": \"+6591234567\", \"audioUrl\": \"" + url + "\"}");

        assertThat(answer.status()).isEqualTo(400);
        JsonNode error = answer.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("audioUrl");
        assertThat(answer.raw().body()).doesNotContain("secret").doesNotContain("user@");
    }

    @Test
    void aClientReferenceWithControlCharactersIsRefused() {
        List<Integer> statuses = new ArrayList<>();
        for (String reference : List.of("a\\u0001b", "a\\ud800", "x".repeat(101))) {
            statuses.add(post("/voice-messages", ALPHA_KEY, "{\"destination\": \"+6591234567\", \"text\": \"Hi\","
                    + " \"clientReference\": \"" + reference + "\"}").status());
        }
        assertThat(statuses).containsOnly(400);
    }
}
