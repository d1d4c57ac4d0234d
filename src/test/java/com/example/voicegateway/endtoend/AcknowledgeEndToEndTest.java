package com.example.voicegateway.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.support.EndToEndTest;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * "Press 1 to confirm" from POST to final status with nothing but the defaults: the dispatcher sends the
 * sayAndCapture callflow to the built-in emulator, which plays it, posts the key to our VCA webhook, follows our
 * answer and then posts the session summary.
 */
class AcknowledgeEndToEndTest extends EndToEndTest {

    static final String ACKNOWLEDGE = "\"acknowledge\":{\"digit\":\"1\",\"prompt\":\"Press 1 to confirm you heard"
            + " this message.\",\"thanks\":\"Thank you. Goodbye.\",\"timeout\":\"PT3S\",\"tries\":2}";

    @ParameterizedTest(name = "{0} ends {1}, pressed {2}")
    @CsvSource({"+6591234505, ACKNOWLEDGED, 1", "+6591234506, NOT_ACKNOWLEDGED, ", "+6591234507, NOT_ACKNOWLEDGED, 9",
            "+6591234502, NO_ANSWER, "})
    void aPersonPressingTheKeyIsTheOnlyWayToAcknowledged(String destination, String expected, String pressed) {
        JsonNode message = send(destination, expected);

        assertThat(message.at("/acknowledgement/expectedDigit").asString()).isEqualTo("1");
        if (pressed == null) {
            assertThat(message.at("/acknowledgement/pressed").isNull()).isTrue();
        } else {
            assertThat(message.at("/acknowledgement/pressed").asString()).isEqualTo(pressed);
        }
        if (!expected.equals("NO_ANSWER")) {
            // The summary follows our answer, is stored against the message, and changed nothing afterwards.
            JsonNode withSummary = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25))
                    .until(() -> get("/voice-messages/" + message.get("id").asString(), ALPHA_KEY).json(),
                            view -> view.has("summary"));
            assertThat(withSummary.get("status").asString()).isEqualTo(expected);
            assertThat(withSummary.at("/summary/sessionStatus").asString()).isEqualTo("COMPLETED");
            assertThat(withSummary.at("/summary/lastAction").asString()).isEqualTo("HANGUP");
        }
    }

    @ParameterizedTest(name = "{0}: {1}, calls {2}")
    @CsvSource({"+6591234510, ACKNOWLEDGED, NOT_ACKNOWLEDGED;ACKNOWLEDGED",
            "+6591234508, ACKNOWLEDGED, NO_ANSWER;ACKNOWLEDGED",
            "+6591234506, NOT_ACKNOWLEDGED, NOT_ACKNOWLEDGED;NOT_ACKNOWLEDGED"})
    void nobodyConfirmingLeadsToARedialByDefault(String destination, String expected, String calls) {
        Answer accepted = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"" + destination
                + "\",\"text\":\"The server room is on fire.\",\"redial\":{\"maxCalls\":2,\"interval\":\"PT0.2S\"},"
                + ACKNOWLEDGE + "}");
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        assertThat(accepted.json().at("/redial/on").toString()).contains("NOT_ACKNOWLEDGED");
        String id = accepted.json().get("id").asString();
        String[] statuses = calls.split(";");

        JsonNode message = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25))
                .until(() -> get("/voice-messages/" + id, ALPHA_KEY).json(),
                        view -> expected.equals(view.get("status").asString())
                                && view.get("calls").size() == statuses.length
                                && statuses[statuses.length - 1].equals(view.at("/calls/1/status").asString()));

        for (int i = 0; i < statuses.length; i++) {
            assertThat(message.at("/calls/" + i + "/status").asString()).isEqualTo(statuses[i]);
            assertThat(message.at("/calls/" + i + "/acknowledgement/expectedDigit").asString()).isEqualTo("1");
        }
        assertThat(message.at("/calls/1/clientRequestId").asString()).isEqualTo(id + ":2");
        if (expected.equals("ACKNOWLEDGED")) {
            assertThat(message.at("/calls/1/acknowledgement/pressed").asString()).isEqualTo("1");
        }
    }

    @Test
    void theSandboxServes8x8sWebhooksApiAndRegisteredItsOwnTwo() {
        Answer answer = get("/admin/eightbyeight/webhook", OPS_KEY);

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(answer.json().get("count").asInt()).isEqualTo(2);
        assertThat(answer.raw().body()).contains("\"type\":\"VSS\"").contains("/webhooks/8x8/voice-session-summary")
                .contains("\"type\":\"VCA\"").contains("/webhooks/8x8/voice-call-action")
                .contains("\"httpAuthHeaderAvailable\":true").doesNotContain("test-webhook-secret");
    }

    @Test
    void withoutAVcaWebhookTheCallflowIsRejectedWithAClearReasonAndOthersStillGo() {
        String webhooks = "/sandbox/8x8/api/v1/subaccounts/sandbox/webhooks";
        String apiKey = sandboxApiKey();
        String vca = get("/admin/eightbyeight/webhook", OPS_KEY).json().get("webhooks").valueStream()
                .filter(w -> w.get("type").asString().equals("VCA")).findFirst().orElseThrow().get("url").asString();
        assertThat(send(request(webhooks + "/VCA", null).header("Authorization", "Bearer " + apiKey).DELETE().build())
                .status()).isEqualTo(200);
        try {
            JsonNode rejected = send("+6591234505", "REJECTED");
            assertThat(rejected.get("statusCode").asInt()).isEqualTo(-1004);
            assertThat(rejected.get("lastError").asString()).contains("DTMF callback url not provided")
                    .contains("no Voice Call Action webhook").contains("POST /admin/eightbyeight/webhook");
            // A message that asks for no key does not need the VCA webhook.
            Answer plain = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"+6591234567\",\"text\":\"Hi\"}");
            String id = plain.json().get("id").asString();
            await().atMost(Duration.ofSeconds(20)).until(() -> get("/voice-messages/" + id, ALPHA_KEY).json()
                    .get("status").asString(), "COMPLETED"::equals);
        } finally {
            Answer restored = send(request(webhooks, null).header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"VCA\",\"url\":\"" + vca
                            + "\",\"httpAuthHeader\":\"Bearer test-webhook-secret\",\"enabled\":true}")).build());
            assertThat(restored.status()).isEqualTo(200);
        }
    }

    private JsonNode send(String destination, String expected) {
        Answer accepted = post("/voice-messages", ALPHA_KEY,
                "{\"destination\":\"" + destination + "\",\"text\":\"The server room is on fire.\"," + ACKNOWLEDGE + "}");
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25))
                .until(() -> get("/voice-messages/" + id, ALPHA_KEY).json(),
                        view -> expected.equals(view.get("status").asString()) && !view.get("attempts").isEmpty());
    }

    @Autowired
    EightByEightProperties eightByEight;

    /** The sandbox generated the 8x8 API key at start; the emulator takes it like 8x8 takes a real one. */
    private String sandboxApiKey() {
        return eightByEight.apiKey();
    }
}
