package com.example.voicegateway.sandbox;

import com.example.voicegateway.config.EightByEightBaseUrl;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.webhook.WebhookAuthorization;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

/**
 * Where the emulator listens. As the gateway's {@link EightByEightBaseUrl} it sends the dispatcher here, over HTTP
 * like to 8x8, unless {@code gateway.eightbyeight.base-url} is set. The port is only known once the server runs
 * (it may be random), hence the event.
 */
@Component
@Primary
@SandboxEnabled
class SandboxEndpoint implements EightByEightBaseUrl {

    static final String EMULATOR_PATH = "/sandbox/8x8";
    static final String WEBHOOK_PATH = "/webhooks/8x8/voice-session-summary";
    static final String CALL_ACTION_PATH = "/webhooks/8x8/voice-call-action";
    private static final Logger log = LoggerFactory.getLogger(SandboxEndpoint.class);

    private final EightByEightProperties properties;
    private final SandboxProperties sandbox;
    private final boolean apiKeyGenerated;
    private final WebhookRegistry webhooks;
    private final WebhookAuthorization authorization;
    private volatile int port = -1;

    SandboxEndpoint(EightByEightProperties properties, SandboxProperties sandbox, ConfigurableEnvironment environment,
            WebhookRegistry webhooks,
            WebhookAuthorization authorization) {
        this.properties = properties;
        this.sandbox = sandbox;
        this.webhooks = webhooks;
        this.authorization = authorization;
        PropertySource<?> generated = environment.getPropertySources()
                .get(SandboxSecretsEnvironmentPostProcessor.PROPERTY_SOURCE);
        this.apiKeyGenerated = generated != null
                && generated.containsProperty(SandboxSecretsEnvironmentPostProcessor.API_KEY);
    }

    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // a separate management server, not the one serving the emulator
        }
        port = event.getWebServer().getPort();
        // As a set-up subaccount would have them: summaries and keypresses both come back to this gateway.
        webhooks.register(new WebhookRegistry.Webhook("VSS", webhookUrl().toString(), authorization.expectedValue(),
                true));
        webhooks.register(new WebhookRegistry.Webhook("VCA", callActionUrl().toString(),
                authorization.callActionValue(), true));
        URI configured = properties.baseUrl();
        if (configured == null) {
            log.warn("8x8 SANDBOX ACTIVE: calls are SIMULATED and nothing is sent to 8x8. Callflows go to the"
                    + " built-in emulator at {}; session summaries are posted to {}. Start without the"
                    + " 'sandbox' profile and with the gateway.eightbyeight.* settings to go live.", emulatorUrl(),
                    webhookUrl());
        } else {
            log.warn("8x8 sandbox emulator is serving at {}, but gateway.eightbyeight.base-url is set, so callflows"
                    + " go to {}", emulatorUrl(), configured);
            if (apiKeyGenerated) {
                log.warn("No gateway.eightbyeight.api-key is configured: callflows to {} carry a generated sandbox key"
                        + " and a real 8x8 will refuse them (401)", configured);
            }
        }
    }

    @Override
    public URI get() {
        URI configured = properties.baseUrl();
        return configured != null ? configured : emulatorUrl();
    }

    boolean emulatorInUse() {
        return properties.baseUrl() == null;
    }

    URI emulatorUrl() {
        return URI.create("http://localhost:" + requirePort() + EMULATOR_PATH);
    }

    URI webhookUrl() {
        URI configured = sandbox.webhookUrl();
        return configured != null ? configured : URI.create("http://localhost:" + requirePort() + WEBHOOK_PATH);
    }

    /** The sibling of {@link #webhookUrl()} when that has the gateway's own path, else this gateway's VCA path. */
    URI callActionUrl() {
        URI configured = sandbox.webhookUrl();
        if (configured != null && configured.toString().endsWith(WEBHOOK_PATH)) {
            String url = configured.toString();
            return URI.create(url.substring(0, url.length() - WEBHOOK_PATH.length()) + CALL_ACTION_PATH);
        }
        return URI.create("http://localhost:" + requirePort() + CALL_ACTION_PATH);
    }

    boolean started() {
        return port > 0;
    }

    private int requirePort() {
        int known = port;
        if (known <= 0) {
            throw new IllegalStateException("the sandbox's web server has not started yet");
        }
        return known;
    }
}
