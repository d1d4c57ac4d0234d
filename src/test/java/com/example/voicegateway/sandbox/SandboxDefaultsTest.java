package com.example.voicegateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.EightByEightBaseUrl;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.support.IntegrationTest;
import com.example.voicegateway.webhook.WebhookAuthorization;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A first run with no 8x8 settings at all (a blank key, as from an empty environment variable, counts as none): the
 * gateway points at the emulator, and the dispatcher's key and the webhook's Authorization are generated values
 * that the emulator agrees with.
 */
@TestPropertySource(properties = {"gateway.eightbyeight.api-key=", "gateway.webhook.authorization=",
        "gateway.eightbyeight.default-source="})
class SandboxDefaultsTest extends IntegrationTest {

    @Autowired
    EightByEightProperties properties;

    @Autowired
    EightByEightBaseUrl baseUrl;

    @Autowired
    WebhookAuthorization webhookAuthorization;

    @Autowired
    SandboxEndpoint endpoint;

    @Test
    void theGatewayTalksToTheEmulatorOnItsOwnPort() {
        assertThat(baseUrl.get()).isEqualTo(URI.create("http://localhost:" + port + "/sandbox/8x8"));
        assertThat(endpoint.webhookUrl())
                .isEqualTo(URI.create("http://localhost:" + port + "/webhooks/8x8/voice-session-summary"));
    }

    @Test
    void generatesTheMissingSecretsOnce() {
        assertThat(properties.apiKey()).startsWith("sandbox-").hasSizeGreaterThan(30);
        assertThat(webhookAuthorization.expectedValue()).startsWith("Bearer ").hasSizeGreaterThan(30);
        assertThat(properties.toString()).doesNotContain(properties.apiKey());
    }

    @Test
    void aFirstMessageNeedsNoSourceInTheSandbox() {
        Answer answer = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"+6591234567\",\"text\":\"Hi\"}");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("source").asString()).isEqualTo("+6568880000");
    }

    @Test
    void theEmulatorAcceptsTheKeyTheDispatcherSends() {
        String body = CallflowEmulatorTest.body("+6512345678", "");
        Answer answer = send(HttpRequest.newBuilder(baseUrl.get().resolve("/sandbox/8x8/api/v1/subaccounts/"
                        + properties.subaccountId() + "/callflows"))
                .header("Authorization", "Bearer " + properties.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("sessionStatus").asString()).isEqualTo("CREATED");
    }
}
