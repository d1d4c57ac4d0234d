package com.example.voicegateway.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ReconcileTest extends ReconcileTestBase {

    static final String CREATED = """
            {"sessionId":"sess-new","sessionStatus":"CREATED","callFlowRequestId":"cfr-1",
             "validUntil":"2026-11-25T16:00:00.000Z","statusCode":1,"statusMessage":"Created"}""";

    @Autowired
    MeterRegistry meters;

    @Autowired
    ReconciliationReader reader;
    @Autowired
    com.example.voicegateway.audit.AuditLog audit;
    @Autowired
    net.javacrumbs.shedlock.core.LockProvider lockProvider;

    @Test
    void runNowWhileTheInstanceShutsDownIsA503ToTryAgain() {
        org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler stopped =
                new org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler() {
                    @Override
                    public java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
                        throw new org.springframework.core.task.TaskRejectedException("shutting down");
                    }
                };
        org.springframework.beans.factory.support.StaticListableBeanFactory beans =
                new org.springframework.beans.factory.support.StaticListableBeanFactory();
        beans.addBean("schedule", new ReconcileSchedule(reconciler, stopped));
        ReconciliationAdminController controller = new ReconciliationAdminController(reader,
                beans.getBeanProvider(ReconcileSchedule.class), audit);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> controller.runNow(
                        com.example.voicegateway.auth.Caller.operator("ops")))
                .isInstanceOfSatisfying(org.springframework.web.ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.getBody().getDetail()).contains("shutting down").contains("try again");
                    assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("5");
                });
    }

    @Test
    void theReconcileLockIsExtendedWhileARunLasts() {
        java.util.List<Runnable> extensions = new java.util.concurrent.CopyOnWriteArrayList<>();
        // The keep-alive's thread, run by hand: what it would do at half the lock's time.
        java.util.concurrent.ScheduledThreadPoolExecutor byHand = new java.util.concurrent.ScheduledThreadPoolExecutor(1) {
            @Override
            public java.util.concurrent.ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay,
                    long period, java.util.concurrent.TimeUnit unit) {
                extensions.add(command);
                return super.schedule(() -> { }, 1, java.util.concurrent.TimeUnit.DAYS);
            }
        };
        ReconcileConfiguration.LockKeepAlive keepAlive = new ReconcileConfiguration.LockKeepAlive(byHand);
        try {
            net.javacrumbs.shedlock.core.LockingTaskExecutor locks =
                    new net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor(keepAlive.around(lockProvider));
            boolean[] extended = {false};
            locks.executeWithLock((Runnable) () -> {
                // The run has lasted nearly its whole lock: one second left.
                jdbc.update("UPDATE shedlock SET lock_until = now() + interval '1 second' WHERE name = 'keep-alive'");
                assertThat(extensions).hasSize(1);
                extensions.get(0).run();
                extended[0] = jdbc.queryForObject("SELECT lock_until > now() + interval '29 minutes' FROM shedlock"
                        + " WHERE name = 'keep-alive'", Boolean.class);
            }, new net.javacrumbs.shedlock.core.LockConfiguration(Instant.now(), "keep-alive", Duration.ofMinutes(30),
                    Duration.ZERO));
            assertThat(extended[0]).as("the lock runs another lock-at-most-for from now").isTrue();
        } finally {
            keepAlive.destroy();
        }
    }

    @Test
    void aLostSummaryIsSettledFromTheExportWithItsCost() {
        Instant attempt = now().minus(Duration.ofMinutes(80));
        UUID id = insert("SUBMITTED", "sess-lost", NUMBER, attempt, now().minus(Duration.ofMinutes(20)), 1);
        exportSucceeds("\uFEFF" + HEADER
                + csvRow("sess-lost", "6591234567", attempt.plusSeconds(2), 14, 60, "0.0120", "NO ANSWER")
                + csvRow("sess-stranger", "6500000000", attempt, 30, 60, "0.0120", "COMPLETED"));

        assertThat(reconciler.tick()).isEqualTo(Reconciler.Result.RAN);

        assertThat(status(id)).isEqualTo("NO_ANSWER");
        assertThat(pause.pauses).as("polled with a doubling wait until succeeded")
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
        WM.verify(postRequestedFor(urlPathEqualTo(EXPORTS))
                .withHeader("Authorization", equalTo(EIGHT_BY_EIGHT_KEY))
                .withRequestBody(matchingJsonPath("$.from",
                        equalTo(ReportingClient.SPAN.format(attempt.minus(Duration.ofMinutes(2))))))
                .withRequestBody(matchingJsonPath("$.limit", equalTo("0"))));
        WM.verify(getRequestedFor(urlPathMatching(".*/download/token-1"))
                .withHeader("Authorization", equalTo(EIGHT_BY_EIGHT_KEY)));

        JsonNode view = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(view.get("status").asString()).isEqualTo("NO_ANSWER");
        assertThat(view.get("settledBy").asString()).isEqualTo("LOG_EXPORT");
        JsonNode call = view.get("calls").get(0);
        assertThat(call.get("status").asString()).isEqualTo("NO_ANSWER");
        assertThat(call.get("settledBy").asString()).isEqualTo("LOG_EXPORT");
        assertThat(call.get("cost").get("amount").asString()).isEqualTo("0.0120");
        assertThat(view.get("cost").get("amount").isString()).as("a decimal string, never a float").isTrue();
        assertThat(view.get("cost").get("amount").asString()).isEqualTo("0.0120");
        assertThat(view.get("cost").get("currency").asString()).isEqualTo("USD");
        assertThat(view.get("cost").get("billableSeconds").asInt()).isEqualTo(60);

        JsonNode exports = get("/admin/reconciliations", OPS_KEY).json().get("items");
        assertThat(exports).hasSize(1);
        JsonNode export = exports.get(0);
        assertThat(export.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(export.get("jobId").asString()).isEqualTo("job-1");
        assertThat(export.get("rowsRead").asInt()).isEqualTo(2);
        assertThat(export.get("settled").asInt()).isEqualTo(1);
        assertThat(export.get("costed").asInt()).isEqualTo(1);
        JsonNode action = get("/admin/reconciliations/" + export.get("id").asLong(), OPS_KEY).json()
                .get("actions").get(0);
        assertThat(action.get("action").asString()).isEqualTo("SETTLED");
        assertThat(action.get("fromStatus").asString()).isEqualTo("SUBMITTED");
        assertThat(action.get("toStatus").asString()).isEqualTo("NO_ANSWER");
        assertThat(action.get("messageId").asString()).isEqualTo(id.toString());
        assertThat(meters.counter("voice_gateway.reconcile.calls.settled", "outcome", "NO_ANSWER").count())
                .isGreaterThanOrEqualTo(1);

        assertThat(reconciler.tick()).as("not due again within the interval").isEqualTo(Reconciler.Result.NOTHING_DUE);
        assertThat(exportRequests()).isEqualTo(1);
    }

    @Test
    void aNoAnswerFoundInTheExportLeadsToTheRedialTheClientAskedFor() {
        Instant attempt = now().minus(Duration.ofMinutes(80));
        UUID id = insert("alpha", "SUBMITTED", "sess-1", NUMBER, attempt, now().minus(Duration.ofMinutes(20)), 1, 2);
        exportSucceeds(HEADER + csvRow("sess-1", "6591234567", attempt.plusSeconds(2), 0, 0, "0.0000", "NO_ANSWER"));

        reconciler.reconcileNow();

        assertThat(callStatus(id, 1)).isEqualTo("NO_ANSWER");
        // validUntil has passed, so the redial cannot start in time: the message ends with the call's outcome.
        assertThat(status(id)).isEqualTo("NO_ANSWER");
        assertThat(jdbc.queryForObject("SELECT last_error FROM message_state WHERE id = ?", String.class, id))
                .contains("could not start before validUntil");
    }

    @Test
    void aSubmittedCallWithinItsGraceIsNotAskedAbout() {
        insert("SUBMITTED", "sess-1", NUMBER, now().minus(Duration.ofMinutes(70)), now().minus(Duration.ofMinutes(5)),
                1);

        assertThat(reconciler.reconcileNow()).isEqualTo(Reconciler.Result.NOTHING_DUE);
        assertThat(exportRequests()).isZero();
    }

    @Test
    void anUnknownCallIsSettledByDestinationAndTimeAndItsSessionRecorded() {
        Instant attempt = now().minus(Duration.ofMinutes(40));
        UUID id = insert("UNKNOWN", null, NUMBER, attempt, now().plus(Duration.ofMinutes(20)), 1);
        exportSucceeds(HEADER
                + csvRow("sess-9", "6591234567", attempt.plusSeconds(3), 21, 60, "0.0120", "COMPLETED")
                + csvRow("sess-old", "6591234567", attempt.minus(Duration.ofHours(3)), 21, 60, "0.0120", "COMPLETED")
                + csvRow("sess-other", "6598765432", attempt.plusSeconds(3), 0, 0, "0.0000", "BUSY"));

        reconciler.reconcileNow();

        Map<String, Object> row = jdbc.queryForMap("SELECT status, session_id FROM message_state WHERE id = ?", id);
        assertThat(row.get("status")).isEqualTo("COMPLETED");
        assertThat(row.get("session_id")).isEqualTo("sess-9");
        assertThat(callStatus(id, 1)).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("SELECT session_id FROM voice_call WHERE message_id = ?", String.class, id))
                .isEqualTo("sess-9");
        assertThat(jdbc.queryForObject("SELECT amount::text FROM call_cost WHERE message_id = ?", String.class, id))
                .isEqualTo("0.0120");
        assertThat(callflowRequests()).isZero();
    }

    @Test
    void notPlacedOnlyAfterTheProofDelayThenExactlyOneNewPostWithTheSameClientRequestId() {
        WM.stubFor(WireMock.post(urlPathEqualTo(CALLFLOWS)).willReturn(okJson(CREATED)));
        Instant attempt = now().minus(Duration.ofMinutes(10));
        UUID id = insert("UNKNOWN", null, NUMBER, attempt, now().plus(Duration.ofHours(2)), 1);
        exportSucceeds(HEADER + csvRow("sess-x", "6598765432", attempt.plusSeconds(1), 0, 0, "0.0000", "BUSY"));

        reconciler.reconcileNow();

        assertThat(status(id)).as("10 minutes of silence prove nothing").isEqualTo("UNKNOWN");
        assertThat(callflowRequests()).isZero();

        clock.advance(Duration.ofMinutes(25));
        reconciler.reconcileNow();

        await().atMost(Duration.ofSeconds(10)).until(() -> "SUBMITTED".equals(status(id)));
        assertThat(callStatus(id, 1)).as("the same call, posted again").isEqualTo("SUBMITTED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM voice_call WHERE message_id = ?", Integer.class, id))
                .isEqualTo(1);
        assertThat(WM.findAll(postRequestedFor(urlPathEqualTo(CALLFLOWS))
                .withRequestBody(matchingJsonPath("$.clientRequestId", equalTo(id.toString()))))).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT attempts FROM message_state WHERE id = ?", Integer.class, id))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject("""
                SELECT detail FROM reconcile_action WHERE message_id = ? AND action = 'NOT_PLACED'
                """, String.class, id)).contains("8x8 has no record of the call").contains("+65****4567");

        clock.advance(Duration.ofMinutes(20));
        reconciler.reconcileNow();
        assertThat(callflowRequests()).as("exactly one new POST").isEqualTo(1);
    }

    @Test
    void aCallNeverPlacedWithNoAttemptsLeftEndsFailedSayingSo() {
        UUID id = insert("UNKNOWN", null, NUMBER, now().minus(Duration.ofMinutes(40)), now().plus(Duration.ofHours(2)),
                3);
        exportSucceeds(HEADER);

        reconciler.reconcileNow();

        Map<String, Object> row = jdbc.queryForMap("SELECT status, last_error FROM message_state WHERE id = ?", id);
        assertThat(row.get("status")).isEqualTo("FAILED");
        assertThat((String) row.get("last_error")).startsWith("8x8 has no record of the call")
                .contains("no attempts are left");
        assertThat(callStatus(id, 1)).isEqualTo("NOT_PLACED");
        assertThat(callflowRequests()).isZero();
    }

    @Test
    void severalMatchingRowsFlagTheCallForOpsAndNothingTouchesItAfterwards() {
        Instant attempt = now().minus(Duration.ofMinutes(40));
        UUID flagged = insert("UNKNOWN", null, NUMBER, attempt, now().plus(Duration.ofHours(2)), 1);
        exportSucceeds(HEADER
                + csvRow("sess-a", "6591234567", attempt.plusSeconds(1), 10, 60, "0.0120", "COMPLETED")
                + csvRow("sess-b", "+6591234567", attempt.plusSeconds(40), 0, 0, "0.0000", "NO_ANSWER"));

        reconciler.reconcileNow();

        Map<String, Object> row = jdbc.queryForMap("SELECT status, session_id, last_error FROM message_state"
                + " WHERE id = ?", flagged);
        assertThat(row.get("status")).isEqualTo("UNKNOWN");
        assertThat(row.get("session_id")).isNull();
        assertThat((String) row.get("last_error")).contains("left for ops").contains("2 export rows");
        JsonNode flags = get("/admin/reconciliations/flagged", OPS_KEY).json();
        assertThat(flags.get("count").asInt()).isEqualTo(1);
        assertThat(flags.get("items").get(0).get("messageId").asString()).isEqualTo(flagged.toString());

        // The UNKNOWN window (1h) fails an unflagged unknown call on a guess, but not the flagged one.
        UUID plain = insert("UNKNOWN", null, "+6598765432", now(), now().plus(Duration.ofHours(5)), 1);
        clock.advance(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(status(plain)));
        assertThat(status(flagged)).isEqualTo("UNKNOWN");
        assertThat(reconciler.reconcileNow()).as("a flagged call is not due").isEqualTo(Reconciler.Result.NOTHING_DUE);
        assertThat(callflowRequests()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"failed, FAILED", "error, ERROR", "cancelled, CANCELLED"})
    void anExportThatFailsSettlesNothing(String eightByEight, String recorded) {
        UUID submitted = insert("SUBMITTED", "sess-1", NUMBER, now().minus(Duration.ofHours(2)),
                now().minus(Duration.ofMinutes(30)), 1);
        UUID unknown = insert("UNKNOWN", null, "+6598765432", now().minus(Duration.ofMinutes(40)),
                now().plus(Duration.ofHours(1)), 1);
        exportEnds(eightByEight);
        double before = meters.counter("voice_gateway.reconcile.exports.failed", "kind", "RECONCILE", "reason",
                recorded).count();

        reconciler.reconcileNow();

        assertThat(status(submitted)).isEqualTo("SUBMITTED");
        assertThat(status(unknown)).as("no file, no proof of absence").isEqualTo("UNKNOWN");
        Map<String, Object> export = jdbc.queryForMap("SELECT status, error FROM reconcile_export");
        assertThat(export.get("status")).as(String.valueOf(export.get("error"))).isEqualTo(recorded);
        assertThat(meters.counter("voice_gateway.reconcile.exports.failed", "kind", "RECONCILE", "reason", recorded)
                .count()).isEqualTo(before + 1);
    }

    @Test
    void anEmptyExportIsEightByEightsWordThatNoCallWasPlaced() {
        UUID submitted = insert("SUBMITTED", "sess-1", NUMBER, now().minus(Duration.ofHours(2)),
                now().minus(Duration.ofMinutes(30)), 1);
        UUID unknown = insert("UNKNOWN", null, "+6598765432", now().minus(Duration.ofMinutes(40)),
                now().plus(Duration.ofHours(1)), 3);
        exportEnds("empty");

        reconciler.reconcileNow();

        assertThat(status(submitted)).isEqualTo("SUBMITTED");
        assertThat(status(unknown)).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT status FROM reconcile_export", String.class)).isEqualTo("EMPTY");
    }

    @Test
    void aRefusedExportOrAnUnreadableFileSettlesNothing() {
        UUID unknown = insert("UNKNOWN", null, NUMBER, now().minus(Duration.ofMinutes(40)),
                now().plus(Duration.ofHours(1)), 1);
        WM.stubFor(WireMock.post(urlPathEqualTo(EXPORTS)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Internal error\"}")));

        reconciler.reconcileNow();

        assertThat(status(unknown)).isEqualTo("UNKNOWN");
        Map<String, Object> refused = jdbc.queryForMap("SELECT status, error FROM reconcile_export");
        assertThat(refused.get("status")).isEqualTo("REFUSED");
        assertThat((String) refused.get("error")).contains("HTTP 500");

        WM.resetAll();
        empty("reconcile_export");
        // Without DestinationEndpoint nothing can be ruled out: no NOT_PLACED from such a file.
        exportSucceeds("SessionId,InitiatedAt,SessionStatus\r\nsess-1,2026-11-30T10:00:00Z,COMPLETED\r\n");
        reconciler.reconcileNow();

        assertThat(status(unknown)).isEqualTo("UNKNOWN");
        Map<String, Object> unreadable = jdbc.queryForMap("SELECT status, error FROM reconcile_export");
        assertThat(unreadable.get("status")).isEqualTo("ERROR");
        assertThat((String) unreadable.get("error")).contains("DestinationEndpoint");
        assertThat(callflowRequests()).isZero();
    }

    @Test
    void aJobThatNeverFinishesIsGivenUpAndCancelled() {
        UUID unknown = insert("UNKNOWN", null, NUMBER, now().minus(Duration.ofMinutes(5)),
                now().plus(Duration.ofHours(1)), 1);
        exportEnds("running");

        reconciler.reconcileNow();

        assertThat(status(unknown)).isEqualTo("UNKNOWN");
        assertThat(jdbc.queryForObject("SELECT status FROM reconcile_export", String.class)).isEqualTo("TIMED_OUT");
        assertThat(pause.pauses).as("the wait doubles up to poll-max").contains(Duration.ofSeconds(32))
                .contains(Duration.ofMinutes(1)).doesNotContain(Duration.ofMinutes(2));
        WM.verify(deleteRequestedFor(urlPathEqualTo(EXPORTS + "/job-1")));
    }

    @Test
    void aSubmittedCallWithoutSummaryOrExportFailsAfterTheSummaryWindow() {
        UUID old = insert("SUBMITTED", "sess-1", NUMBER, now().minus(Duration.ofHours(26)),
                now().minus(Duration.ofHours(25)), 1);
        UUID recent = insert("SUBMITTED", "sess-2", NUMBER, now().minus(Duration.ofHours(24)),
                now().minus(Duration.ofHours(23)), 1);

        assertThat(lastResort.sweep()).containsExactly(old);

        assertThat(status(recent)).isEqualTo("SUBMITTED");
        Map<String, Object> row = jdbc.queryForMap("SELECT status, last_error FROM message_state WHERE id = ?", old);
        assertThat(row.get("status")).isEqualTo("FAILED");
        assertThat((String) row.get("last_error")).startsWith("8x8 never reported the end of the call");
    }
}
