package com.example.voicegateway.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.support.IntegrationTest;
import com.example.voicegateway.webhook.WebhookAuthorization;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The emulator's own tests: 8x8's side of the sandbox over HTTP, in the integration tests' one context. The emulator
 * posts to the webhooks registered for its subaccount, as 8x8 does; at start the gateway registered its own, with its
 * Authorization. Each test sends the session summaries to {@link #HOOKS} instead (the same Authorization, only the URL
 * changed, the way an operator would point 8x8 elsewhere), and afterwards gives the subaccount its webhooks back, once
 * every call the test placed has had its summary answered by HOOKS: none of them reaches the gateway's own webhook in
 * another test. The API key is the one the sandbox generated at start, as on a first run; calls last a hundredth of
 * their real time and a lost answer is held for a little over a second (the suite's settings).
 */
abstract class EmulatorTestBase extends IntegrationTest {

    static final String CALLFLOWS = "/sandbox/8x8/api/v1/subaccounts/sandbox/callflows";
    /** Where the emulator posts session summaries ({@code /vss}) and, once registered, key presses. */
    static final WireMockServer HOOKS = new WireMockServer(options().dynamicPort());

    static {
        // Runs as long as the cached context that posts to it; the JVM's exit stops it.
        HOOKS.start();
    }

    @Autowired
    private EightByEightProperties eightByEight;

    @Autowired
    private WebhookAuthorization authorization;

    @Autowired
    private WebhookRegistry webhooks;

    @Autowired
    Faults faults;

    @Autowired
    CallflowJournal journal;

    /** The key the emulator accepts: the sandbox's own (the gateway's {@code gateway.eightbyeight.api-key}). */
    String key;

    /** What the gateway's own webhook expects ({@code gateway.webhook.authorization}): summaries must carry it. */
    String webhookAuthorization;

    private List<WebhookRegistry.Webhook> registeredAtStart;
    private final Set<String> summariesDropped = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void summariesToHooks() {
        key = eightByEight.apiKey();
        webhookAuthorization = authorization.expectedValue();
        faults.reset();
        journal.clear();
        summariesDropped.clear();
        HOOKS.resetAll();
        HOOKS.stubFor(WireMock.post(urlEqualTo("/vss")).willReturn(aResponse().withStatus(200)));
        // The gateway's registration as it is, Authorization and all, with HOOKS' URL.
        WebhookRegistry.Webhook gateways = webhooks.active("VSS").orElseThrow();
        registeredAtStart = webhooks.all();
        webhooks.register(new WebhookRegistry.Webhook("VSS", HOOKS.baseUrl() + "/vss", gateways.httpAuthHeader(),
                true));
    }

    /** For a test that dropped a call's summary on purpose: its end is not waited for. */
    void summaryDropped(String sessionId) {
        summariesDropped.add(sessionId);
    }

    @AfterEach
    void webhooksBackToTheGateway() {
        try {
            // A summary still to come would go to whatever is registered when it is posted: wait for each one here.
            List<String> sessions = journal.entries().stream().map(CallflowJournal.Entry::sessionId)
                    .filter(session -> !summariesDropped.contains(session)).toList();
            await().atMost(Duration.ofSeconds(30)).until(() -> sessions.stream().allMatch(this::summaryAnswered));
        } finally {
            faults.reset();
            if (registeredAtStart != null) {
                WebhookRegistry.TYPES.forEach(webhooks::remove);
                registeredAtStart.forEach(webhooks::register);
            }
        }
    }

    /** HOOKS answered the call's summary with a 2xx: the emulator posts nothing more for it. */
    private boolean summaryAnswered(String sessionId) {
        var summary = postRequestedFor(urlEqualTo("/vss"))
                .withRequestBody(matchingJsonPath("$.payload.sessionId", equalTo(sessionId))).build();
        return HOOKS.getAllServeEvents().stream()
                .filter(event -> summary.match(event.getRequest()).isExactMatch())
                .map(ServeEvent::getResponseDefinition)
                .anyMatch(response -> response.getStatus() / 100 == 2);
    }
}
