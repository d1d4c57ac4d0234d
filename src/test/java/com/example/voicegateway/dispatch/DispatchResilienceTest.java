package com.example.voicegateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.message.DueQueue;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Breaker, rate limit, several dispatchers on one database, and how fast an idle dispatcher reacts. The breaker and
 * rate tests step the dispatcher; the tests of the loop itself (two dispatchers, wake-ups, NOTIFY, shutdown) start
 * one and stop it in a finally.
 */
class DispatchResilienceTest extends DispatchTestBase {

    @Autowired
    QueueNotifications notifications;

    @Test
    void theBreakerOpensUnderASustainedOutageHoldsMessagesWithoutBurningAttemptsAndClosesAfter() {
        CircuitBreaker breaker = resilience.circuitBreaker();
        breaker.transitionToClosedState();
        breaker.reset();
        // How 8x8 itself answers an error: HTTP 500 with its NOT_CREATED envelope (provably not created).
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"sessionStatus":"NOT_CREATED","callFlowRequestId":"x","statusCode":500,
                         "statusMessage":"Internal server error"}""")));
        List<UUID> ids = IntStream.range(0, 8).mapToObj(i -> insertText(inOneHour())).toList();

        // Two messages' POSTs (two each, in process) fill the window of four: the breaker opens, the other six wait.
        Instant opened = clock.instant();
        assertThat(step()).isEqualTo(8);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(ids).allSatisfy(id -> assertThat(status(id)).isEqualTo("QUEUED"));
        int seenWhenOpen = requestCount();
        assertThat(seenWhenOpen).isEqualTo(4);
        // Open: nothing is claimed, nothing is sent, until wait-duration-in-open-state (2 s) has passed.
        clock.set(opened.plusSeconds(2).minusMillis(1));
        assertThat(step()).as("a step while the breaker is open").isZero();
        assertThat(requestCount()).isEqualTo(seenWhenOpen);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        for (UUID id : ids) {
            // Only POSTs that really happened count as attempts.
            assertThat(row(id).get("attempts")).isEqualTo(requestsFor(id).size());
        }

        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        // Resilience4j times its open state on the wall clock, not the gateway's: moved on here as its 2 s would.
        breaker.transitionToHalfOpenState();
        // Every deferred message is due (the backoffs and the open state are over): only the two probes go out.
        clock.set(opened.plusSeconds(3));
        assertThat(step()).as("the half-open breaker's probes").isEqualTo(2);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(step()).isEqualTo(6);
        assertThat(ids).allSatisfy(id -> assertThat(status(id)).isEqualTo("SUBMITTED"));
        for (UUID id : ids) {
            assertThat(row(id).get("attempts")).isEqualTo(requestsFor(id).size());
            assertThat(attemptsOf(id)).last().extracting(a -> a.outcome()).isEqualTo("SUBMITTED");
        }
    }

    @Test
    void anInProcessRetryWithoutASharedRatePermitGoesBackToTheQueueAfterItsFirstPost() {
        // Provably not created (8x8's NOT_CREATED envelope): the retry may try again, but only with a permit of 8x8's
        // shared rate, and none is left. Nothing waits for one.
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"sessionStatus":"NOT_CREATED","callFlowRequestId":"x","statusCode":500,
                         "statusMessage":"Internal server error"}""")));
        ClaimGate noPermitLeft = new ClaimGate(null, null, null) {
            @Override
            boolean retryPermit() {
                return false;
            }

            @Override
            Duration untilNextPermit() {
                return Duration.ofSeconds(5);
            }
        };
        java.time.Duration callTimeout = eightByEight.callTimeout();
        CallSender sender = new CallSender(client, resilience, health, metrics, outbox, settings, retries,
                callTimeout, clock, noPermitLeft, placement);
        UUID id = insertText(inOneHour());
        java.time.Instant now = clock.instant();
        ClaimedMessage claimed = outbox.claimDue("no-permit-instance", now, now.plus(eightByEight.lease()), 10)
                .get(0);

        SendOutcome sent = sender.send(claimed, () -> true);

        assertThat(sent.posts()).isEqualTo(1);
        assertThat(sent.deferral().reason()).isEqualTo(CallSender.NO_RATE_PERMIT);
        assertThat(sent.deferral().waitingFor()).isEqualTo(com.example.voicegateway.schedule.WaitingFor.RATE_LIMIT);
        new OutcomeRecorder(outbox, metrics, events, retries, clock, () -> { }).record(sent);
        assertThat(row(id)).containsEntry("status", "QUEUED").containsEntry("attempts", 1)
                .containsEntry("lease_owner", null);
        assertThat((String) row(id).get("last_error")).endsWith(CallSender.NO_RATE_PERMIT);
        assertThat(requestsFor(id)).hasSize(1);
    }

    @Test
    void aFailureAfterThePostWasAnsweredRecordsTheAnswerAndNeverPostsAgain() {
        // Provably not created, so the retry would try again in process: only the answer may decide that, never
        // the exception thrown while accounting for it, even with an operator's retry-exceptions set.
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"sessionStatus":"NOT_CREATED","callFlowRequestId":"x","statusCode":500,
                         "statusMessage":"Internal server error"}""")));
        EightByEightResilience retryingOnExceptions = new EightByEightResilience(
                io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.ofDefaults(),
                io.github.resilience4j.retry.RetryRegistry.of(io.github.resilience4j.retry.RetryConfig.custom()
                        .maxAttempts(3).waitDuration(Duration.ofMillis(1))
                        .retryExceptions(Exception.class).failAfterMaxAttempts(true).build()),
                clock);
        DispatchMetrics failing = new DispatchMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                queue, clock) {
            @Override
            void attempt(AttemptOutcome outcome) {
                throw new IllegalStateException("meter registry broken");
            }
        };
        CallSender sender = new CallSender(client, retryingOnExceptions, health, failing, outbox, settings, retries,
                eightByEight.callTimeout(), clock, gate, placement);
        UUID id = insertText(inOneHour());
        java.time.Instant now = clock.instant();
        ClaimedMessage claimed = outbox.claimDue("failing-meters", now, now.plus(eightByEight.lease()), 10)
                .get(0);

        SendOutcome sent = sender.send(claimed, () -> true);

        assertThat(requestsFor(id)).hasSize(1);
        assertThat(sent.posts()).isEqualTo(1);
        assertThat(sent.last()).isInstanceOf(SendResult.Retryable.class);
        assertThat(sent.rows()).singleElement().extracting(a -> a.outcome()).isEqualTo("RETRY");
        new OutcomeRecorder(outbox, metrics, events, retries, clock, () -> { }).record(sent);
        assertThat(row(id)).containsEntry("status", "QUEUED").containsEntry("attempts", 1);
        assertThat(requestsFor(id)).hasSize(1);
    }

    @Test
    void messagesClaimedWhileStoppingThatThePoolRefusesGoBackToTheQueueUnsent() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        Dispatcher stopped = anotherDispatcher("stopped-instance");
        stopped.start();
        stopped.stop();
        List<UUID> ids = List.of(insertText(inOneHour()), insertText(inOneHour()));
        // What a claim that outlasted stop()'s wait leaves: rows SENDING, and a pool that is already shut down.
        Instant now = clock.instant();
        List<ClaimedMessage> claimed = outbox.claimDue("stopped-instance", now, now.plusSeconds(6), 10);
        assertThat(claimed).hasSize(2);

        stopped.handOver(claimed);

        for (UUID id : ids) {
            assertThat(row(id)).containsEntry("status", "QUEUED").containsEntry("attempts", 0)
                    .containsEntry("lease_owner", null)
                    .containsEntry("last_error", CallSender.STOPPED_BEFORE_SENDING);
        }
        assertThat(requestCount()).isZero();
    }

    @Test
    void twoDispatchersOnOneDatabaseSendEveryMessageExactlyOnce() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED).withFixedDelay(20)));
        // Running loops, on the system's time: the rows are due by the database's now().
        clock.followSystem();
        Dispatcher second = anotherDispatcher("second-instance");
        dispatcher.start();
        second.start();
        try {
            long firstBefore = dispatcher.sent();
            // All rows appear in one commit and both dispatchers are woken together, so they really compete.
            List<UUID> ids = jdbc.queryForList("""
                    INSERT INTO voice_message (id, client_name, destination, source, text, voice_profile,
                                               repetition, speed, valid_until, created_at, updated_at)
                    SELECT gen_random_uuid(), 'alpha', '+6591234567', '+6568880000', 'hi #' || n,
                           'en-IE-EmilyNeural', 1, 1, now() + interval '1 hour', now(), now()
                      FROM generate_series(1, 80) AS n
                    RETURNING id
                    """, UUID.class);
            ledgerRows().addFirstCalls("QUEUED", "m.created_at", null);
            second.wake();
            dispatcher.wake();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> jdbc.queryForObject("SELECT count(*) FROM message_state WHERE status = 'SUBMITTED'",
                            Integer.class) == ids.size());

            List<LoggedRequest> sent = WM.findAll(postRequestedFor(urlPathEqualTo(PATH)));
            assertThat(sent).hasSize(ids.size());
            Set<String> clientRequestIds = new HashSet<>();
            for (LoggedRequest request : sent) {
                clientRequestIds.add(JSON.readTree(request.getBodyAsString()).get("clientRequestId").asString());
            }
            assertThat(clientRequestIds).hasSize(ids.size())
                    .containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
            long byFirst = dispatcher.sent() - firstBefore;
            assertThat(byFirst + second.sent()).isEqualTo(ids.size());
            assertThat(byFirst).as("sent by the first dispatcher").isPositive();
            assertThat(second.sent()).as("sent by the second dispatcher").isPositive();
        } finally {
            second.stop();
            dispatcher.stop();
        }
    }

    @Test
    void anIdleDispatcherSendsAnAcceptedMessageAtOnceNotAtTheNextPoll() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        clock.followSystem();
        List<Long> latencies = new ArrayList<>();
        dispatcher.start();
        try {
            for (int i = 0; i < 5; i++) {
                int before = requestCount();
                long t0 = System.currentTimeMillis();
                Answer accepted = post("/voice-messages", ALPHA_KEY, """
                        {"destination":"+6591234567","text":"Hello"}""");
                assertThat(accepted.status()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(5)).until(() -> requestCount() == before + 1);
                latencies.add(System.currentTimeMillis() - t0);
            }
        } finally {
            dispatcher.stop();
        }
        latencies.sort(Long::compare);
        // The poll interval is 2 s here (a poll would give a median near 1 s): only the wake-up after commit
        // explains a quick dispatch.
        assertThat(latencies.get(2)).as("median accept-to-8x8 latency, ms").isLessThan(600);
    }

    @Test
    void aNotifyFromAnotherInstanceWakesTheDispatcher() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        await().atMost(Duration.ofSeconds(5)).until(notifications::listening);
        // A running loop, on the system's time: the rows are due by the database's now().
        clock.followSystem();
        List<Long> latencies = new ArrayList<>();
        dispatcher.start();
        try {
            for (int i = 0; i < 5; i++) {
                int before = requestCount();
                long t0 = System.currentTimeMillis();
                // What another instance's intake does: insert and NOTIFY in one transaction, no local event here.
                jdbc.queryForList("""
                        WITH inserted AS (
                          INSERT INTO voice_message (id, client_name, destination, source, text, voice_profile,
                                                     repetition, speed, valid_until, created_at, updated_at)
                          VALUES (gen_random_uuid(), 'alpha', '+6591234567', '+6568880000', 'hi',
                                  'en-IE-EmilyNeural', 1, 1, now() + interval '1 hour', now(), now())
                          RETURNING id, destination, client_name, priority, valid_until), call AS (
                          INSERT INTO voice_call (message_id, call_number, kind, destination, client_request_id, status,
                                                  planned_at, due_at, client_name, priority, valid_until, next_attempt_at,
                                                  updated_at)
                          SELECT id, 1, 'FIRST', destination, id::text, 'QUEUED', now(), now(), client_name, priority,
                                 valid_until, now(), now() FROM inserted)
                        SELECT pg_notify('voice_message_queued', '') FROM inserted
                        """);
                await().atMost(Duration.ofSeconds(5)).until(() -> requestCount() == before + 1);
                latencies.add(System.currentTimeMillis() - t0);
            }
        } finally {
            dispatcher.stop();
        }
        latencies.sort(Long::compare);
        // No Spring event here and a 2 s poll: only LISTEN explains a quick dispatch.
        assertThat(latencies.get(2)).as("median notify-to-8x8 latency, ms").isLessThan(600);
    }

    @Test
    void metricsAndHealthAreExposed() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        UUID sent = insertText(inOneHour());
        assertThat(step()).isEqualTo(1);
        assertThat(status(sent)).isEqualTo("SUBMITTED");

        Answer prometheus = get("/actuator/prometheus", OPS_KEY);
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.raw().body())
                .contains("voice_gateway_dispatch_attempts_total{outcome=\"SUBMITTED\"")
                .contains("voice_gateway_eightbyeight_latency_seconds_count{outcome=\"SUBMITTED\"")
                .contains("voice_gateway_dispatch_queue_due")
                .contains("voice_gateway_dispatch_queue_oldest_age_seconds")
                .contains("resilience4j_circuitbreaker_state");
        Answer healthAnswer = get("/actuator/health", OPS_KEY);
        assertThat(healthAnswer.json().at("/components/eightByEight/details/circuitBreaker").asString())
                .isEqualTo("DISABLED");

        // Held back by a forced-open breaker, two due messages are what the queue gauge counts.
        resilience.circuitBreaker().transitionToForcedOpenState();
        List<UUID> held = List.of(insertText(inOneHour()), insertText(inOneHour()));
        assertThat(step()).as("a step while the breaker is forced open").isZero();
        // A whole poll interval (2 s) later: still nothing sent, nothing claimed, no attempt burnt.
        clock.advance(settings.pollInterval());
        assertThat(step()).isZero();
        assertThat(requestCount()).isEqualTo(1);
        assertThat(held).allSatisfy(id -> assertThat(status(id)).isEqualTo("QUEUED"));
        for (UUID id : held) {
            assertThat(row(id)).containsEntry("attempts", 0).containsEntry("lease_owner", null);
            assertThat(attemptsOf(id)).isEmpty();
        }
        DueQueue.QueueStats stats = queue.queueStats(clock.instant());
        assertThat(stats.due()).isEqualTo(2);
        assertThat(stats.oldestPlannedAt()).isNotNull();
    }

    @Test
    void shutdownStopsClaimingAndLetsInFlightCallsFinishAndRecordTheirOutcome() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED).withFixedDelay(600)));
        Dispatcher stopping = anotherDispatcher("stopping-instance");
        clock.followSystem();
        stopping.start();
        List<UUID> inFlight;
        try {
            inFlight = IntStream.range(0, 3).mapToObj(i -> insertText(inOneHour())).toList();
            stopping.wake();
            await().atMost(Duration.ofSeconds(5)).until(() -> requestCount() == 3);
        } finally {
            stopping.stop();
        }
        // stop() returned: the calls that were out have finished and their outcome is written.
        assertThat(inFlight).allSatisfy(id -> assertThat(status(id)).isEqualTo("SUBMITTED"));
        assertThat(stopping.sent()).isEqualTo(3);
        UUID late = insertText(inOneHour());
        stopping.wake();
        // The stopped dispatcher left it: still QUEUED for the next instance's step, which sends it, once.
        assertThat(status(late)).isEqualTo("QUEUED");
        assertThat(step()).isEqualTo(1);
        assertThat(status(late)).isEqualTo("SUBMITTED");
        assertThat(requestsFor(late)).hasSize(1);
        assertThat(stopping.sent()).as("sent by the stopped dispatcher").isEqualTo(3);
    }
}
