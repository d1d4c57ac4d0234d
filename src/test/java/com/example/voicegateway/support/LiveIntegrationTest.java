package com.example.voicegateway.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An {@link IntegrationTest} of the live configuration: no {@code sandbox} profile, 8x8 played by one WireMock
 * ({@link #EIGHT_BY_EIGHT}: its Webhooks API here; nothing in these tests sends a call), a public URL for the webhooks
 * and a call-action webhook with an Authorization value of its own. The classes that extend it share one context.
 */
@ActiveProfiles(inheritProfiles = false)
public abstract class LiveIntegrationTest extends IntegrationTest {

    public static final String EIGHT_BY_EIGHT_KEY = "Bearer test-8x8-api-key";
    public static final String SUBACCOUNT = "acme_voice";
    public static final String PUBLIC_URL = "https://gateway.example.com/webhooks/8x8/voice-session-summary";
    /** What the call-action webhook takes; the summary webhook takes the suite's usual value. */
    public static final String CALL_ACTION_AUTHORIZATION = "Bearer vca-only-secret";
    public static final WireMockServer EIGHT_BY_EIGHT = new WireMockServer(options().dynamicPort());

    static {
        // Runs as long as the cached context that calls it; the JVM's exit stops it.
        EIGHT_BY_EIGHT.start();
    }

    @DynamicPropertySource
    static void liveSettings(DynamicPropertyRegistry registry) {
        registry.add("gateway.eightbyeight.base-url", EIGHT_BY_EIGHT::baseUrl);
        registry.add("gateway.eightbyeight.api-key", () -> EIGHT_BY_EIGHT_KEY.substring("Bearer ".length()));
        registry.add("gateway.eightbyeight.subaccount-id", () -> SUBACCOUNT);
        registry.add("gateway.webhook.public-url", () -> PUBLIC_URL);
        registry.add("gateway.webhook.call-action-authorization", () -> CALL_ACTION_AUTHORIZATION);
    }
}
