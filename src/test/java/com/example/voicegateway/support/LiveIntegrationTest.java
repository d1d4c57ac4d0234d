package com.example.voicegateway.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.example.voicegateway.reconcile.RecordingPauseConfiguration;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * An {@link IntegrationTest} of the live configuration: no {@code sandbox} profile, 8x8 played by one WireMock
 * ({@link #EIGHT_BY_EIGHT}: callflows, the Webhooks API and the Reporting API's log export), a public URL for the
 * webhooks, a call-action webhook with an Authorization value of its own, the dispatcher on (reconciliation sends
 * again what it proves was never placed) and reconciliation on, with the export poller's pause on the test clock.
 * The classes that extend it share one context.
 */
@ActiveProfiles(inheritProfiles = false)
@Import(RecordingPauseConfiguration.class)
@TestPropertySource(properties = {
        "gateway.reconcile.enabled=true",
        "gateway.dispatch.enabled=true",
        "gateway.eightbyeight.connect-timeout=500ms",
        "gateway.eightbyeight.read-timeout=2s",
        "gateway.dispatch.max-attempts=3",
        "gateway.dispatch.poll-interval=200ms"})
public abstract class LiveIntegrationTest extends IntegrationTest {

    private static final String API_KEY = "test-8x8-api-key";
    /** What every request to 8x8 carries. */
    public static final String EIGHT_BY_EIGHT_KEY = "Bearer " + API_KEY;
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
        registry.add("gateway.eightbyeight.reporting-base-url", EIGHT_BY_EIGHT::baseUrl);
        registry.add("gateway.eightbyeight.api-key", () -> API_KEY);
        registry.add("gateway.eightbyeight.subaccount-id", () -> SUBACCOUNT);
        registry.add("gateway.webhook.public-url", () -> PUBLIC_URL);
        registry.add("gateway.webhook.call-action-authorization", () -> CALL_ACTION_AUTHORIZATION);
    }
}
