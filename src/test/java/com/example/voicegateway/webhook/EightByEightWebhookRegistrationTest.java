package com.example.voicegateway.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.LiveIntegrationTest;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registering the VSS webhook with 8x8, against WireMock standing in for 8x8. */
class EightByEightWebhookRegistrationTest extends LiveIntegrationTest {

    static final String WEBHOOKS = "/api/v1/subaccounts/acme_voice/webhooks";
    static final String CALL_ACTION_URL = "https://gateway.example.com/webhooks/8x8/voice-call-action";

    @BeforeEach
    void reset() {
        EIGHT_BY_EIGHT.resetAll();
        empty("audit_event");
    }

    private java.util.Map<String, Object> onlyAuditEvent() {
        return jdbc.queryForMap("SELECT actor, action, outcome, detail FROM audit_event");
    }

    @Test
    void registersTheVssAndVcaWebhooksWithTheSecretAndNeverShowsIt() {
        EIGHT_BY_EIGHT.stubFor(WireMock.post(urlEqualTo(WEBHOOKS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"subAccountId":"acme_voice","count":1,"webhooks":[{"type":"VSS","url":"%s","enabled":true,
                         "httpAuthHeaderAvailable":true}],"statusCode":0,"statusMessage":"ok"}
                        """.formatted(PUBLIC_URL))));

        Answer answer = post("/admin/eightbyeight/webhook", OPS_KEY, "");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/VSS/webhooks/0/type").asString()).isEqualTo("VSS");
        assertThat(answer.json().at("/VSS/webhooks/0/httpAuthHeaderAvailable").asBoolean()).isTrue();
        assertThat(answer.json().has("VCA")).isTrue();
        assertThat(answer.raw().body()).doesNotContain("test-webhook-secret");
        EIGHT_BY_EIGHT.verify(postRequestedFor(urlEqualTo(WEBHOOKS))
                .withHeader("Authorization", equalTo("Bearer test-8x8-api-key"))
                .withRequestBody(equalToJson("""
                        {"type": "VSS", "url": "%s", "httpAuthHeader": "Bearer test-webhook-secret", "enabled": true}
                        """.formatted(PUBLIC_URL))));
        // Derived from the summary URL, with the call action's own Authorization value (it defaults to the summary's:
        // WebhookPropertiesTest).
        EIGHT_BY_EIGHT.verify(postRequestedFor(urlEqualTo(WEBHOOKS))
                .withHeader("Authorization", equalTo("Bearer test-8x8-api-key"))
                .withRequestBody(equalToJson("""
                        {"type": "VCA", "url": "%s", "httpAuthHeader": "Bearer vca-only-secret", "enabled": true}
                        """.formatted(CALL_ACTION_URL))));
        assertThat(onlyAuditEvent()).containsEntry("actor", "ops").containsEntry("action", "webhook.register")
                .containsEntry("outcome", "SUCCEEDED");
        assertThat((String) onlyAuditEvent().get("detail")).contains(PUBLIC_URL).contains(CALL_ACTION_URL).contains("acme_voice")
                .doesNotContain("test-webhook-secret");
    }

    @Test
    void aVcaRefusalSaysTheVssWebhookIsRegisteredAndTheVcaIsNot() {
        EIGHT_BY_EIGHT.stubFor(WireMock.post(urlEqualTo(WEBHOOKS))
                .withRequestBody(WireMock.matchingJsonPath("$.type", equalTo("VSS")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"statusCode\":0,\"statusMessage\":\"ok\"}")));
        EIGHT_BY_EIGHT.stubFor(WireMock.post(urlEqualTo(WEBHOOKS))
                .withRequestBody(WireMock.matchingJsonPath("$.type", equalTo("VCA")))
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                        .withBody("{\"statusCode\":\"1001\",\"statusMessage\":\"Invalid param\"}")));

        Answer answer = post("/admin/eightbyeight/webhook", OPS_KEY, "");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().get("detail").asString())
                .isEqualTo("The VSS webhook is registered, the VCA webhook is not: 8x8 answered 422: Invalid param");
    }

    @Test
    void showsWhat8x8HasRegistered() {
        EIGHT_BY_EIGHT.stubFor(WireMock.get(urlEqualTo(WEBHOOKS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"subAccountId":"acme_voice","count":1,"webhooks":[{"type":"VSS","url":"%s","enabled":true,
                         "httpAuthHeaderAvailable":true,"httpAuthHeader":"should never be shown"}],
                         "statusCode":0,"statusMessage":"ok"}
                        """.formatted(PUBLIC_URL))));

        Answer answer = get("/admin/eightbyeight/webhook", OPS_KEY);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("webhooks").get(0).get("url").asString()).isEqualTo(PUBLIC_URL);
        assertThat(answer.raw().body()).doesNotContain("should never be shown");
        EIGHT_BY_EIGHT.verify(getRequestedFor(urlEqualTo(WEBHOOKS))
                .withHeader("Authorization", equalTo("Bearer test-8x8-api-key")));
    }

    @Test
    void an8x8RefusalIsA502NamingItsStatusAndMessage() {
        EIGHT_BY_EIGHT.stubFor(WireMock.post(urlEqualTo(WEBHOOKS)).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"errorId":"2f1b","statusCode":"1001","statusMessage":"Invalid param","timestamp":"2026-11-25T15:00:00Z"}
                        """)));

        Answer answer = post("/admin/eightbyeight/webhook", OPS_KEY, "");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asString()).contains("422").contains("Invalid param");
        assertThat(answer.json().get("eightByEightStatus").asInt()).isEqualTo(422);
        assertThat(answer.raw().body()).doesNotContain("test-webhook-secret").doesNotContain("test-8x8-api-key");
        assertThat(onlyAuditEvent()).containsEntry("action", "webhook.register").containsEntry("outcome", "FAILED");
        assertThat((String) onlyAuditEvent().get("detail")).contains("Invalid param")
                .doesNotContain("test-webhook-secret").doesNotContain("test-8x8-api-key");
    }

    @Test
    void an8x8AuthenticationFailureIsA502() {
        EIGHT_BY_EIGHT.stubFor(WireMock.get(urlEqualTo(WEBHOOKS)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"statusCode\":401,\"statusMessage\":\"API key not found or invalid\"}")));

        Answer answer = get("/admin/eightbyeight/webhook", OPS_KEY);

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().get("detail").asString()).isEqualTo("8x8 answered 401: API key not found or invalid");
    }

    @Test
    void opsOnly() {
        assertThat(post("/admin/eightbyeight/webhook", ALPHA_KEY, "").status()).isEqualTo(403);
        assertThat(get("/admin/eightbyeight/webhook", BETA_KEY).status()).isEqualTo(403);
        assertThat(EIGHT_BY_EIGHT.getAllServeEvents()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class)).isZero();
    }
}
