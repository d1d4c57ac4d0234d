package com.example.voicegateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.EightByEightBaseUrl;
import com.example.voicegateway.support.IntegrationTest;
import com.example.voicegateway.webhook.WebhookAuthorization;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Live configuration: the sandbox and its endpoints do not exist, and nothing is generated. */
@TestPropertySource(properties = {
        "gateway.sandbox.enabled=false",
        "gateway.eightbyeight.base-url=https://voice.8x8.com",
        "gateway.eightbyeight.api-key=live-key",
        "gateway.webhook.authorization=Bearer live-secret"})
class SandboxOffTest extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    EightByEightBaseUrl baseUrl;

    @Autowired
    WebhookAuthorization webhookAuthorization;

    @Test
    void theSandboxEndpointsDoNotExist() {
        // No rule opens the emulator's path without the sandbox: refused like any unknown path.
        assertThat(post("/sandbox/8x8/api/v1/subaccounts/sandbox/callflows", null, "{}").status()).isEqualTo(401);
        assertThat(get("/admin/sandbox/faults", OPS_KEY).status()).isEqualTo(404);
        assertThat(post("/admin/sandbox/faults", OPS_KEY, "{\"failNext\":1}").status()).isEqualTo(404);
        assertThat(get("/admin/sandbox/callflows", OPS_KEY).status()).isEqualTo(404);
        assertThat(context.getBeanNamesForType(CallSimulator.class)).isEmpty();
    }

    @Test
    void callsGoTo8x8WithTheConfiguredSecrets() {
        assertThat(baseUrl.get()).isEqualTo(URI.create("https://voice.8x8.com"));
        assertThat(webhookAuthorization.expectedValue()).isEqualTo("Bearer live-secret");
    }

    @Test
    void infoSaysCallsAreReal() {
        JsonNode sandbox = get("/actuator/info", OPS_KEY).json().get("sandbox");

        assertThat(sandbox.get("enabled").asBoolean()).isFalse();
        assertThat(sandbox.get("callsSimulated").asBoolean()).isFalse();
    }
}
