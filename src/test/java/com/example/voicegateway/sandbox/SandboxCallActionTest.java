package com.example.voicegateway.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The emulator's side of "press 1": 8x8's Webhooks API, -1004 without a VCA webhook, and a sayAndCapture call that
 * posts 8x8's CALL_ACTION to the registered VCA URL, plays the answer, then posts the summary. WireMock is both
 * webhooks here (the gateway's own are another test's).
 */
class SandboxCallActionTest extends EmulatorTestBase {

    static final String WEBHOOKS = "/sandbox/8x8/api/v1/subaccounts/sandbox/webhooks";

    /** Through 8x8's Webhooks API, as an operator would; the subaccount gets the gateway's back after each test. */
    @BeforeEach
    void registerWireMockAsTheVcaWebhook() {
        HOOKS.stubFor(WireMock.post(urlEqualTo("/vca")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"callflow\":[{\"action\":\"say\",\"params\":{\"text\":\"Thank you.\","
                        + "\"voiceProfile\":\"en-US-Neural2-C\",\"speed\":1}},{\"action\":\"hangup\"}]}")));
        Answer registered = webhooks("POST", "", "{\"type\":\"VCA\",\"url\":\"http://localhost:" + HOOKS.port()
                + "/vca\",\"httpAuthHeader\":\"Bearer vca-secret\",\"enabled\":true}", "Bearer " + key);
        assertThat(registered.status()).isEqualTo(200);
    }

    // --- 8x8's Webhooks API -----------------------------------------------------------------------------------

    @Test
    void listsTheRegisteredWebhooksWithoutTheirSecrets() {
        Answer list = webhooks("GET", "", null, "Bearer " + key);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("statusCode").asInt()).isZero();
        assertThat(list.json().get("statusMessage").asString()).isEqualTo("ok");
        assertThat(list.json().get("count").asInt()).isEqualTo(2);
        assertThat(list.json().at("/webhooks/0/type").asString()).isEqualTo("VCA");
        assertThat(list.json().at("/webhooks/0/httpAuthHeaderAvailable").asBoolean()).isTrue();
        assertThat(list.json().at("/webhooks/1/type").asString()).isEqualTo("VSS");
        assertThat(list.raw().body()).doesNotContain("vca-secret").doesNotContain("test-webhook-secret");
    }

    @Test
    void refusesWhat8x8Refuses() {
        assertThat(webhooks("GET", "", null, null).status()).isEqualTo(401);
        assertThat(webhooks("GET", "", null, "Bearer wrong").status()).isEqualTo(401);
        assertThat(send(request(WEBHOOKS.replace("/sandbox/webhooks", "/other/webhooks"), null)
                .header("Authorization", "Bearer " + key).GET().build()).status()).isEqualTo(404);
        Answer bad = webhooks("POST", "", "{\"type\":\"VOICE\",\"url\":\"https://x.example\"}", "Bearer " + key);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("statusCode").asString()).isEqualTo("1001");
        assertThat(bad.json().get("statusMessage").asString()).isEqualTo("Invalid JSON request body");
        assertThat(webhooks("DELETE", "/VRU", null, "Bearer " + key).status()).isEqualTo(404);
    }

    @Test
    void withoutAVcaWebhookASayAndCaptureCallflowIsRefused1004() {
        Answer deleted = webhooks("DELETE", "/VCA", null, "Bearer " + key);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("statusMessage").asString()).isEqualTo("deleted");

        Answer refused = callflow("+6591234505", "Press 1 to confirm.");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("sessionStatus").asString()).isEqualTo("NOT_CREATED");
        assertThat(refused.json().get("statusCode").asInt()).isEqualTo(-1004);
        assertThat(refused.json().get("statusMessage").asString()).isEqualTo("DTMF callback url not provided");
    }

    @Test
    void theCaptureRulesOf8x8AreChecked() {
        String body = "{\"callflow\":[{\"action\":\"makeCall\",\"params\":{\"source\":\"+6568880000\","
                + "\"destination\":\"+6591234505\"}},{\"action\":\"sayAndCapture\",\"params\":{\"promptMessage\":"
                + "\"Press 1\",\"voiceProfile\":\"en-US-Neural2-C\",\"completeOnHash\":false}}]}";
        Answer refused = send(request(CALLFLOWS, null).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(refused.json().get("statusCode").asInt()).isEqualTo(-1008);
    }

    // --- the call -----------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} presses {2}")
    @CsvSource({"+6591234505, Press 3 to confirm you heard this message., 3",
            "+6591234567, Please press seven now., 7", "+6591234506, Press 1 to confirm., ",
            "+6591234507, Press 1 to confirm., 9"})
    void theCallPostsTheKeyToTheVcaWebhookThenTheSummary(String destination, String prompt, String key) {
        Instant before = Instant.now();
        Answer created = callflow(destination, prompt);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(200);
        String sessionId = created.json().get("sessionId").asString();

        LoggedRequest summary = await().atMost(Duration.ofSeconds(15)).until(() -> only("/vss"), r -> r != null);
        LoggedRequest event = only("/vca");
        assertThat(event).as("the key is reported before the call ends").isNotNull();
        assertThat(event.getLoggedDate().toInstant()).isBefore(summary.getLoggedDate().toInstant());
        assertThat(event.getHeader("Authorization")).isEqualTo("Bearer vca-secret");
        JsonNode vca = JSON.readTree(event.getBodyAsString());
        assertThat(vca.get("namespace").asString()).isEqualTo("VOICE");
        assertThat(vca.get("eventType").asString()).isEqualTo("CALL_ACTION");
        assertThat(vca.at("/payload/sessionId").asString()).isEqualTo(sessionId);
        assertThat(vca.at("/payload/callStatus").asString()).isEqualTo("ACTION_COMPLETED");
        assertThat(vca.at("/payload/destination").asString()).isEqualTo(destination);
        assertThat(vca.at("/payload/eventId").asString()).isNotBlank();
        assertThat(Instant.parse(vca.at("/payload/timestamp").asString())).isAfterOrEqualTo(before.minusSeconds(1));
        if (key == null) {
            assertThat(vca.at("/payload/eventData/dtmf").isNull()).isTrue();
        } else {
            assertThat(vca.at("/payload/eventData/dtmf").asString()).isEqualTo(key);
        }
        JsonNode vss = JSON.readTree(summary.getBodyAsString());
        assertThat(vss.at("/payload/sessionId").asString()).isEqualTo(sessionId);
        assertThat(vss.at("/payload/sessionStatus").asString()).isEqualTo("COMPLETED");
        assertThat(vss.at("/payload/lastAction").asString()).isEqualTo("HANGUP");
    }

    @Test
    void aCallThatIsNotAnsweredReportsNoKey() {
        callflow("+6591234502", "Press 1 to confirm.");

        await().atMost(Duration.ofSeconds(15)).until(() -> only("/vss"), r -> r != null);
        assertThat(only("/vca")).isNull();
    }

    @Test
    void anUnusableAnswerEndsTheCallAfterTheCapture() {
        HOOKS.stubFor(WireMock.post(urlEqualTo("/vca")).willReturn(aResponse().withStatus(500)));
        callflow("+6591234505", "Press 1 to confirm.");

        LoggedRequest summary = await().atMost(Duration.ofSeconds(15)).until(() -> only("/vss"), r -> r != null);
        assertThat(JSON.readTree(summary.getBodyAsString()).at("/payload/lastAction").asString())
                .isEqualTo("SAY_AND_CAPTURE");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private Answer callflow(String destination, String prompt) {
        String body = "{\"validUntil\":\"" + Instant.now().plusSeconds(600) + "\",\"clientRequestId\":\"vca-test\","
                + "\"callflow\":[{\"action\":\"makeCall\",\"params\":{\"source\":\"+6568880000\",\"destination\":\""
                + destination + "\"}},{\"action\":\"say\",\"params\":{\"text\":\"Hello\",\"voiceProfile\":"
                + "\"en-US-Neural2-C\"}},{\"action\":\"sayAndCapture\",\"params\":{\"promptMessage\":\"" + prompt
                + "\",\"voiceProfile\":\"en-US-Neural2-C\",\"speed\":1,\"minDigits\":1,\"maxDigits\":1,"
                + "\"completeOnHash\":false,\"overallTimeout\":3000,\"noOfTries\":2}}]}";
        return send(request(CALLFLOWS, null).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Answer webhooks(String method, String suffix, String body, String authorization) {
        HttpRequest.Builder request = request(WEBHOOKS + suffix, null);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The one request WireMock received at this path, or null; more than one fails. */
    private static LoggedRequest only(String path) {
        List<LoggedRequest> found = HOOKS.findAll(postRequestedFor(urlEqualTo(path)));
        assertThat(found).hasSizeLessThanOrEqualTo(1);
        return found.isEmpty() ? null : found.get(0);
    }
}
