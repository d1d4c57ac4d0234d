package com.example.voicegateway.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.example.voicegateway.support.LiveIntegrationTest;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A gateway with reconciliation on, 8x8 (callflows and Reporting API) played by WireMock, and a movable clock that
 * the export poller advances instead of sleeping. The schedules are stopped: tests run the reconciler themselves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReconcileTestBase extends LiveIntegrationTest {

    static final String EXPORTS = "/api/v1/subaccounts/acme_voice/messages/exports";
    static final String CALLFLOWS = "/api/v1/subaccounts/acme_voice/callflows";
    static final String HEADER = "SessionId,CallId,DestinationEndpoint,InitiatedAt,DurationInSec,"
            + "BillableDurationInSec,UnitPrice,UnitPriceCurrency,TotalPriceOfCall,SipStatus,SessionStatus,CallStatus,"
            + "Content\r\n";
    static final String NUMBER = "+6591234567";

    /** 8x8, played by the live configuration's one WireMock. */
    static final WireMockServer WM = EIGHT_BY_EIGHT;

    @Autowired
    RecordingPauseConfiguration.RecordingPause pause;
    @Autowired
    Reconciler reconciler;
    @Autowired
    ReconcileSchedule schedule;
    @Autowired
    LastResortSweep lastResort;

    @Autowired
    org.springframework.context.ApplicationContext context;

    /** The dispatcher, which sends what a NOT_PLACED verdict queues again. */
    org.springframework.context.SmartLifecycle dispatcher() {
        return context.getBean("dispatcher", org.springframework.context.SmartLifecycle.class);
    }

    @BeforeAll
    void stopSchedules() {
        if (!dispatcher().isRunning()) {
            dispatcher().start();
        }
    }

    @AfterAll
    void stopEverything() {
        // A cached context must not keep working on the rows of the test classes that run after this one.
        clock.set(Instant.now());
        dispatcher().stop();
        forgetSharedBuckets();
    }

    /**
     * The shared call-rate bucket lives in the database and keeps time by the application's clock: left stamped by a
     * clock moved hours ahead, it would give later test classes (real clock) no permit until real time caught up.
     */
    void forgetSharedBuckets() {
        jdbc.update("DELETE FROM rate_limit_bucket");
    }

    @BeforeEach
    void resetEightByEight() {
        // Time stands still here unless a test or the recording pause moves it.
        clock.set(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        empty("reconcile_export");
        forgetSharedBuckets();
        WM.resetAll();
        pause.pauses.clear();
        pause.during = () -> { };
        clock.set(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    Instant now() {
        return clock.instant();
    }

    /** A message in the given state, as dispatch leaves it, with the attempt that put it there. */
    UUID insert(String status, String sessionId, String destination, Instant attemptAt, Instant validUntil,
            int attempts) {
        return insert("alpha", status, sessionId, destination, attemptAt, validUntil, attempts);
    }

    UUID insert(String client, String status, String sessionId, String destination, Instant attemptAt,
            Instant validUntil, int attempts) {
        return insert(client, status, sessionId, destination, attemptAt, validUntil, attempts, 1);
    }

    /** As above, with {@code maxCalls} calls to the destination allowed (redial on NO_ANSWER and BUSY). */
    UUID insert(String client, String status, String sessionId, String destination, Instant attemptAt,
            Instant validUntil, int attempts, int maxCalls) {
        boolean ended = !status.equals("UNKNOWN") && !status.equals("SUBMITTED");
        UUID id = ledgerRows().message().set("client_name", client).status(status).set("destination", destination)
                .set("voice_profile", "en-US-Neural2-C").set("valid_until", validUntil)
                .set("created_at", attemptAt.minusSeconds(5)).set("updated_at", attemptAt.plusMillis(300))
                .set("next_attempt_at", null).set("attempts", attempts).set("session_id", sessionId)
                .set("last_error", status.equals("UNKNOWN") ? "outcome unknown: read timeout" : null)
                .set("max_calls", maxCalls).set("redial_interval_ms", 60000)
                .set("post_started_at", status.equals("UNKNOWN") ? attemptAt : null)
                .set("started_at", attemptAt).set("ended_at", ended ? attemptAt.plusSeconds(30) : null)
                .set("unknown_at", status.equals("UNKNOWN") ? attemptAt.plusMillis(300) : null)
                .insert();
        jdbc.update("""
                INSERT INTO dispatch_attempt (message_id, call_number, attempt_number, started_at, latency_ms, outcome)
                VALUES (?, 1, ?, ?, 300, ?)
                """, id, attempts, Timestamp.from(attemptAt), status);
        return id;
    }

    String status(UUID id) {
        return jdbc.queryForObject("SELECT status FROM message_state WHERE id = ?", String.class, id);
    }

    String callStatus(UUID id, int number) {
        return jdbc.queryForObject("SELECT status FROM voice_call WHERE message_id = ? AND call_number = ?",
                String.class, id, number);
    }

    /** 8x8's export: one job that is queued, then running, then succeeded with one file holding {@code csv}. */
    static void exportSucceeds(String csv) {
        WM.stubFor(WireMock.post(urlPathEqualTo(EXPORTS)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"jobId\":\"job-1\"}")));
        String job = EXPORTS + "/job-1";
        WM.stubFor(WireMock.get(urlPathEqualTo(job)).inScenario("job").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"status\":\"queued\"}")).willSetStateTo("running"));
        WM.stubFor(WireMock.get(urlPathEqualTo(job)).inScenario("job").whenScenarioStateIs("running")
                .willReturn(okJson("{\"status\":\"running\"}")).willSetStateTo("done"));
        WM.stubFor(WireMock.get(urlPathEqualTo(job)).inScenario("job").whenScenarioStateIs("done")
                .willReturn(okJson("{\"status\":\"succeeded\",\"data\":[\"" + WM.baseUrl()
                        + "/api/v1/subaccounts/acme_voice/messages/download/token-1\"],"
                        + "\"expires\":\"2026-12-31T00:00:00Z\"}")));
        WM.stubFor(WireMock.get(urlPathEqualTo("/api/v1/subaccounts/acme_voice/messages/download/token-1"))
                .willReturn(aResponse().withHeader("Content-Type", "text/csv").withBody(csv)));
    }

    /** 8x8's export ends in {@code status} without a file. */
    static void exportEnds(String status) {
        WM.stubFor(WireMock.post(urlPathEqualTo(EXPORTS)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"jobId\":\"job-1\"}")));
        WM.stubFor(WireMock.get(urlPathEqualTo(EXPORTS + "/job-1")).willReturn(okJson("{\"status\":\"" + status + "\"}")));
    }

    static String csvRow(String sessionId, String destination, Instant initiated, int duration, int billable,
            String price, String status) {
        return sessionId + ",c-" + sessionId + "," + destination + "," + initiated + "," + duration + "," + billable
                + ",0.0120,USD," + price + ",200," + status + "," + status + ",\"{\"\"a\"\": 1, \"\"b\"\": 2}\"\r\n";
    }

    static int exportRequests() {
        return WM.findAll(postRequestedFor(urlPathEqualTo(EXPORTS))).size();
    }

    static int callflowRequests() {
        return WM.findAll(postRequestedFor(urlPathEqualTo(CALLFLOWS))).size();
    }

}
