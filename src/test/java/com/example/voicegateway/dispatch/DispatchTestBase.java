package com.example.voicegateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.EightByEightBaseUrl;
import com.example.voicegateway.config.CallRetries;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.EvidenceTimes;
import com.example.voicegateway.message.AttemptView;
import com.example.voicegateway.message.DueQueue;
import com.example.voicegateway.message.Outbox;
import com.example.voicegateway.message.SessionRecorded;
import com.example.voicegateway.message.internal.DispatchAttempts;
import com.example.voicegateway.support.EightByEightRulesStandIn;
import com.example.voicegateway.support.IntegrationTest;
import com.example.voicegateway.support.LedgerRows;
import com.example.voicegateway.support.MovableClock;
import com.example.voicegateway.support.ScheduledJobs;
import com.example.voicegateway.support.StatementCounter;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.util.AopTestUtils;

/**
 * A running gateway, 8x8 played by WireMock, small timeouts and backoffs, on the integration tests' one
 * {@link MovableClock}, which stands still from the start of each dispatch test until the test sets or moves it. Every
 * dispatch test class shares this one context (the statement counter is in it too: it counts nothing until measured).
 * Its claim loop and its scheduled sweeps are off: a test steps the dispatcher ({@link #step()},
 * {@code Dispatcher.runOnce}) and the sweeps ({@link #sweep()}) itself, at a time it chose, and asserts what each step
 * did. A test of the loop itself (wake-ups, NOTIFY, the pool, two dispatchers, shutdown) starts a dispatcher and
 * stops it in a finally.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ActiveProfiles(inheritProfiles = false)
@Import({DispatchTestBase.EightByEightStandIn.class, StatementCounter.Installed.class})
@TestPropertySource(properties = {
        "gateway.dispatch.enabled=true",
        // 8x8 is WireMock here (no sandbox profile); the stand-in's base URL bean points at it (and at a closed port
        // when a test asks).
        "gateway.eightbyeight.base-url=http://127.0.0.1:9",
        "gateway.eightbyeight.api-key=test-api-key",
        "gateway.eightbyeight.subaccount-id=acme-sub",
        "gateway.eightbyeight.default-source=+6568880000",
        "gateway.eightbyeight.connect-timeout=500ms",
        "gateway.eightbyeight.read-timeout=2s",
        "gateway.eightbyeight.max-calls-per-second=1000",
        "gateway.dispatch.poll-interval=2s",
        "gateway.dispatch.pool-size=16",
        "gateway.dispatch.max-attempts=4",
        "gateway.dispatch.backoff-base=100ms",
        "gateway.dispatch.backoff-max=200ms",
        // Redials a fraction of a second apart, so the test racing two running dispatchers over redials needs no
        // long waits (stepped tests move the clock instead; the default interval is 5 x this: 500 ms). The lease
        // (4 x (connect + read): 10 s), the pause after an auth failure (backoff-max / 5) and the shutdown wait
        // (connect + read + 3 s) follow from the settings above.
        "gateway.redial.min-interval=100ms",
        "resilience4j.retry.instances.eightByEight.max-attempts=2",
        "resilience4j.retry.instances.eightByEight.wait-duration=20ms",
        "resilience4j.circuitbreaker.instances.eightByEight.minimum-number-of-calls=4",
        "resilience4j.circuitbreaker.instances.eightByEight.sliding-window-size=4",
        "resilience4j.circuitbreaker.instances.eightByEight.wait-duration-in-open-state=2s",
        "resilience4j.circuitbreaker.instances.eightByEight.permitted-number-of-calls-in-half-open-state=2"})
abstract class DispatchTestBase extends IntegrationTest {

    static final String PATH = "/api/v1/subaccounts/acme-sub/callflows";
    static final String CREATED = """
            {"sessionId":"sess-1","sessionStatus":"CREATED","callFlowRequestId":"cfr-1",
             "validUntil":"2026-11-25T16:00:00.000Z","statusCode":1,"statusMessage":"Created"}""";

    /** 8x8 by the sandbox's callflow rules, for a stub that asks for it ({@link #answerAsEightByEight()}). */
    static final WireMockServer WM = new WireMockServer(options().dynamicPort()
            .extensions(new EightByEightRulesStandIn(Clock.systemUTC())));
    static final AtomicReference<URI> BASE_URL = new AtomicReference<>();

    static {
        WM.start();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class EightByEightStandIn {

        /** Where 8x8 is, switchable per test (e.g. to a closed port for "connection refused"). */
        @Bean
        @Primary
        EightByEightBaseUrl testEightByEightBaseUrl() {
            return BASE_URL::get;
        }

        @Bean
        SessionEvents sessionEvents() {
            return new SessionEvents();
        }
    }

    static class SessionEvents {
        final List<SessionRecorded> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(SessionRecorded event) {
            seen.add(event);
        }
    }

    @Autowired
    Dispatcher dispatcher;
    @Autowired
    EightByEightResilience resilience;
    @Autowired
    DispatchAttempts attempts;
    @Autowired
    SessionEvents sessionEvents;
    @Autowired
    Outbox outbox;
    @Autowired
    DueQueue queue;
    @Autowired
    ClaimGate gate;
    @Autowired
    Placement placement;
    @Autowired
    EightByEightClient client;
    @Autowired
    EightByEightHealth health;
    @Autowired
    DispatchMetrics metrics;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    DispatchProperties settings;
    @Autowired
    CallRetries retries;
    @Autowired
    EightByEightProperties eightByEight;
    @Autowired
    Sweeper sweeper;
    @Autowired
    ApplicationContext context;

    /** The dispatcher the tests step: a new one per test, so one test's auth pause or count never reaches the next. */
    Dispatcher steps;

    /** A second dispatcher on this context's beans: another instance on the same database, as far as 8x8 can tell. */
    Dispatcher anotherDispatcher(String owner) {
        return new Dispatcher(outbox, queue, client, resilience, health, metrics, events, settings, retries,
                eightByEight, clock, owner, gate, placement);
    }

    @BeforeAll
    void stepInsteadOfRunning() {
        // A loop or a scheduled sweep would act at moments no test chose, on rows the test is still setting up.
        if (dispatcher.isRunning()) {
            dispatcher.stop();
        }
        ScheduledJobs.cancel(context, Sweeper.class);
    }

    @BeforeEach
    void resetStandIn() {
        // Stands still from here: a step sees the time the test chose, not how long the test took to get there.
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        steps = anotherDispatcher("test-steps");
        WM.resetAll();
        BASE_URL.set(URI.create(WM.baseUrl()));
        // Most tests are about one message's outcome; the breaker has its own test and would interfere.
        resilience.circuitBreaker().transitionToDisabledState();
        sessionEvents.seen.clear();
    }

    /** Every callflow is answered as 8x8 would by its rules: refused with 8x8's code, or created. */
    static void answerAsEightByEight() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH))
                .willReturn(aResponse().withTransformers(EightByEightRulesStandIn.NAME)));
    }

    UUID insertText(Instant validUntil) {
        return insert("Your parcel arrives tomorrow.", null, validUntil);
    }

    UUID insert(String text, String audioUrl, Instant validUntil) {
        return message().set("text", text).set("audio_url", audioUrl)
                .set("voice_profile", text == null ? null : "en-IE-EmilyNeural").set("repetition", text == null ? 2 : 1)
                .set("speed", text == null ? null : BigDecimal.ONE).set("valid_until", validUntil).insert();
    }

    /** A QUEUED message row due at the test's clock (not the wall clock's, which has moved on since). */
    LedgerRows.Message message() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return ledgerRows().message().set("created_at", now).set("updated_at", now).set("next_attempt_at", now)
                .set("valid_until", now.plus(1, ChronoUnit.HOURS));
    }

    Instant inOneHour() {
        return clock.instant().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- steps ---------------------------------------------------------------------------------------------

    /** One step of the dispatcher at the clock's now: how many calls it claimed (each sent and recorded). */
    int step() {
        return steps.runOnce();
    }

    /** {@link #step()} on another thread, for a test that acts while the step's POST is out. */
    CompletableFuture<Integer> stepInBackground() {
        return CompletableFuture.supplyAsync(this::step);
    }

    /** The result of a step begun with {@link #stepInBackground()}. */
    static int finished(CompletableFuture<Integer> step) {
        return step.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** The sweeps (validUntil, leases, unknown outcomes) once, at the clock's now: how many a lost lease requeued. */
    int sweep() {
        Sweeper target = AopTestUtils.getUltimateTargetObject(sweeper);
        return target.sweep(clock.instant(), EvidenceTimes.UNKNOWN_OUTCOME_WINDOW);
    }

    /** When the message's current call is due next, or null when it waits for nothing (ended, or in flight). */
    Instant nextAttemptAt(UUID id) {
        java.sql.Timestamp at = jdbc.queryForObject("SELECT next_attempt_at FROM message_state WHERE id = ?",
                java.sql.Timestamp.class, id);
        return at == null ? null : at.toInstant();
    }

    /**
     * Moves the clock to the moment the message's next call or retry is due, first proving that a step a millisecond
     * earlier claims nothing, and steps there: returns how many that step claimed.
     */
    int stepWhenDue(UUID id) {
        Instant due = nextAttemptAt(id);
        assertThat(due).as("message %s waits for a next attempt", id).isNotNull();
        if (due.isAfter(clock.instant())) {
            clock.set(due.minusMillis(1));
            assertThat(step()).as("a step 1 ms before message %s is due", id).isZero();
            clock.set(due);
        }
        return step();
    }

    /** Steps each retry of the message when it falls due, until the message is no longer QUEUED. */
    void retryUntilSettled(UUID id) {
        for (int i = 0; i < 10 && "QUEUED".equals(status(id)); i++) {
            assertThat(stepWhenDue(id)).isEqualTo(1);
        }
        assertThat(status(id)).isNotEqualTo("QUEUED");
    }

    Map<String, Object> row(UUID id) {
        return jdbc.queryForMap("SELECT * FROM message_state WHERE id = ?", id);
    }

    String status(UUID id) {
        return jdbc.queryForObject("SELECT status FROM message_state WHERE id = ?", String.class, id);
    }

    List<AttemptView> attemptsOf(UUID id) {
        return attempts.findByMessage(id);
    }

    static List<LoggedRequest> requestsFor(UUID id) {
        return WM.findAll(postRequestedFor(urlPathEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.clientRequestId", equalTo(id.toString()))));
    }

    static int requestCount() {
        return WM.findAll(postRequestedFor(urlPathEqualTo(PATH))).size();
    }

    /** CREATED with a session id of its own per call, so summaries carry the ids 8x8 would. */
    static void stubCreated() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sessionId\":\"sess-{{jsonPath request.body '$.clientRequestId'}}\","
                        + "\"sessionStatus\":\"CREATED\",\"callFlowRequestId\":\"cfr\",\"statusCode\":1,"
                        + "\"statusMessage\":\"Created\"}")
                .withTransformers("response-template")));
        // The first templated answer compiles the template; on a loaded machine that alone can pass the 2 s read
        // timeout and make the first call UNKNOWN. Warm it up, then forget the warm-up request.
        try {
            java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    java.net.URI.create(WM.baseUrl() + PATH)).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"clientRequestId\":\"warm-up\"}")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WM.resetRequests();
    }
}
