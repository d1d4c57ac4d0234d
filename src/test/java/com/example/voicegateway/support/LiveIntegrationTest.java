package com.example.voicegateway.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.example.voicegateway.reconcile.RecordingPauseConfiguration;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An {@link IntegrationTest} of the live configuration: no {@code sandbox} profile, 8x8 played by one WireMock
 * ({@link #EIGHT_BY_EIGHT}: callflows, the Webhooks API and the Reporting API's log export), a public URL for the
 * webhooks, a call-action webhook with an Authorization value of its own, and reconciliation on with the export
 * poller's pause on the test clock. The classes that extend it share one context; reconciliation's schedules are
 * cancelled (a test runs the reconciler itself), and a test that needs the dispatcher starts it.
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
        registry.add("gateway.eightbyeight.reporting-base-url", EIGHT_BY_EIGHT::baseUrl);
        registry.add("gateway.eightbyeight.api-key", () -> EIGHT_BY_EIGHT_KEY.substring("Bearer ".length()));
        registry.add("gateway.eightbyeight.subaccount-id", () -> SUBACCOUNT);
        registry.add("gateway.webhook.public-url", () -> PUBLIC_URL);
        registry.add("gateway.webhook.call-action-authorization", () -> CALL_ACTION_AUTHORIZATION);
    }

    @Autowired
    private ApplicationContext liveContext;

    @BeforeEach
    void noScheduledReconciliation() {
        // Reconciliation moves the test clock while it waits for an export: only a test that asks may run it.
        ScheduledJobs.cancel(liveContext, "reconcileSchedule", "lastResortSweep");
    }
}
