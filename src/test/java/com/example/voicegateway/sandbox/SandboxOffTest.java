package com.example.voicegateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.EightByEightBaseUrl;
import com.example.voicegateway.support.LiveIntegrationTest;
import com.example.voicegateway.webhook.WebhookAuthorization;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** Live configuration (no sandbox profile): the sandbox and its endpoints do not exist, and nothing is generated. */
class SandboxOffTest extends LiveIntegrationTest {

    /** It asks for the sandbox's paths where they do not exist; the committed document is the sandbox's. */
    @Override
    protected boolean checksAnswersAgainstTheContract() {
        return false;
    }

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
        // Not one bean of the sandbox's package: no emulator, no generated secrets, no info entry.
        assertThat(context.getBeanDefinitionNames()).noneMatch(name -> context.getType(name) != null
                && context.getType(name).getPackageName().equals(CallSimulator.class.getPackageName()));
        assertThat(((org.springframework.core.env.ConfigurableEnvironment) context.getEnvironment()).getPropertySources()
                .contains(SandboxSecretsEnvironmentPostProcessor.PROPERTY_SOURCE)).isFalse();
    }

    @Test
    void callsGoTo8x8WithTheConfiguredSecrets() {
        assertThat(baseUrl.get()).isEqualTo(URI.create(EIGHT_BY_EIGHT.baseUrl()));
        assertThat(webhookAuthorization.expectedValue()).isEqualTo("Bearer test-webhook-secret");
    }

    @Test
    void infoHasNoSandboxEntry() {
        JsonNode info = get("/actuator/info", OPS_KEY).json();

        assertThat(info.has("sandbox")).isFalse();
    }
}
