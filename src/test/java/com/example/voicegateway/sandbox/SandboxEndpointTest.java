package com.example.voicegateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.EightByEightBaseUrl;
import com.example.voicegateway.config.EightByEightProperties;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The running sandbox as a first run has it: the suite's settings name no 8x8 base URL, API key or sandbox webhook
 * URL, so the gateway points at the emulator on its own (random) port, and the dispatcher's key is a generated one
 * that the emulator accepts over HTTP. What the sandbox generates when nothing at all is configured, the webhook's
 * Authorization and the caller id included, is {@link SandboxDefaultsTest}'s. An emulator test: the summary of the
 * call it places goes to the test's receiver, never to the gateway during another test.
 */
class SandboxEndpointTest extends EmulatorTestBase {

    @Autowired
    EightByEightProperties properties;

    @Autowired
    EightByEightBaseUrl baseUrl;

    @Autowired
    SandboxEndpoint endpoint;

    @Autowired
    ConfigurableEnvironment environment;

    @Test
    void theGatewayTalksToTheEmulatorOnItsOwnPort() {
        assertThat(baseUrl.get()).isEqualTo(URI.create("http://localhost:" + port + "/sandbox/8x8"));
        assertThat(endpoint.webhookUrl())
                .isEqualTo(URI.create("http://localhost:" + port + "/webhooks/8x8/voice-session-summary"));
    }

    @Test
    void theEmulatorAcceptsTheGeneratedKeyTheDispatcherSends() {
        assertThat(environment.getPropertySources().get(SandboxSecretsEnvironmentPostProcessor.PROPERTY_SOURCE)
                .containsProperty(SandboxSecretsEnvironmentPostProcessor.API_KEY)).as("generated, not configured")
                .isTrue();
        assertThat(properties.apiKey()).startsWith("sandbox-");
        String body = CallflowEmulatorTest.body("+6512345678", "");
        Answer answer = send(HttpRequest.newBuilder(baseUrl.get().resolve("/sandbox/8x8/api/v1/subaccounts/"
                        + properties.subaccountId() + "/callflows"))
                .header("Authorization", "Bearer " + properties.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("sessionStatus").asString()).isEqualTo("CREATED");
    }

    @Test
    void aMessageWithoutSourceIsCalledFromTheSandboxCallerId() {
        // The suite's settings name the sandbox's caller id themselves (the live configuration needs one too).
        Answer answer = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"+6591234567\",\"text\":\"Hi\"}");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("source").asString())
                .isEqualTo(SandboxSecretsEnvironmentPostProcessor.SANDBOX_CALLER_ID);
    }
}
