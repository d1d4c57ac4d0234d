package com.example.voicegateway.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.JsonNode;

class CostAndUsageTest extends ReconcileTestBase {

    static final Instant DAY = Instant.parse("2026-11-30T00:00:00Z");

    @Autowired
    ReconcileStore store;
    @Autowired
    ExportLog exports;
    @Autowired
    ReportingClient client;
    @Autowired
    SettlingRules rules;
    @Autowired
    ReconcileMetrics metrics;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    LockProvider lockProvider;

    @Test
    void theDailyExportFillsInYesterdaysCostsAndUsageSumsThemExactly() {
        clock.set(Instant.parse("2026-12-01T03:00:00Z"));
        Instant at = DAY.plus(Duration.ofHours(10));
        UUID a1 = insert("alpha", "COMPLETED", "sess-a1", NUMBER, at, at.plusSeconds(3600), 1);
        insert("alpha", "COMPLETED", "sess-a2", NUMBER, at.plusSeconds(60), at.plusSeconds(3600), 1);
        insert("beta", "COMPLETED", "sess-b1", NUMBER, at.plusSeconds(120), at.plusSeconds(3600), 1);
        insert("beta", "NO_ANSWER", "sess-b2", NUMBER, at.plusSeconds(180), at.plusSeconds(3600), 1);
        insert("beta", "COMPLETED", "sess-today", NUMBER, DAY.plus(Duration.ofDays(1)).plusSeconds(60),
                DAY.plus(Duration.ofDays(1)).plusSeconds(3600), 1);
        exportSucceeds(HEADER
                + csvRow("sess-a1", "6591234567", at, 50, 60, "0.1", "COMPLETED")
                + csvRow("sess-a2", "6591234567", at.plusSeconds(60), 100, 60, "0.2", "COMPLETED")
                + csvRow("sess-b1", "6591234567", at.plusSeconds(120), 61, 120, "0.0123", "COMPLETED")
                + csvRow("sess-nobody", "6591234567", at.plusSeconds(150), 10, 60, "9.99", "COMPLETED"));

        assertThat(reconciler.tick()).isEqualTo(Reconciler.Result.RAN);

        WM.verify(postRequestedFor(urlPathEqualTo(EXPORTS))
                .withRequestBody(matchingJsonPath("$.from", equalTo("2026-11-30T00:00:00Z")))
                .withRequestBody(matchingJsonPath("$.to", equalTo("2026-12-01T00:00:00Z"))));
        JsonNode export = get("/admin/reconciliations?kind=DAILY_COST", OPS_KEY).json().get("items").get(0);
        assertThat(export.get("costDay").asString()).isEqualTo("2026-11-30");
        assertThat(export.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(export.get("costed").asInt()).isEqualTo(3);
        assertThat(get("/voice-messages/" + a1, OPS_KEY).json().get("cost").get("amount").asString())
                .isEqualTo("0.1");
        assertThat(reconciler.tick()).as("each day once").isEqualTo(Reconciler.Result.NOTHING_DUE);
        assertThat(exportRequests()).isEqualTo(1);

        JsonNode usage = get("/admin/usage?from=2026-11-30&to=2026-12-01", OPS_KEY).json();
        JsonNode alpha = usage.get("clients").get(0);
        assertThat(alpha.get("client").asString()).isEqualTo("alpha");
        assertThat(alpha.get("calls").asInt()).isEqualTo(2);
        assertThat(alpha.get("answered").asInt()).isEqualTo(2);
        assertThat(alpha.get("billableSeconds").asInt()).isEqualTo(120);
        assertThat(alpha.get("billableMinutes").asString()).isEqualTo("2.00");
        assertThat(alpha.get("cost").get(0).get("amount").asString()).as("0.1 + 0.2, exactly").isEqualTo("0.3");
        assertThat(alpha.get("cost").get(0).get("currency").asString()).isEqualTo("USD");
        JsonNode beta = usage.get("clients").get(1);
        assertThat(beta.get("calls").asInt()).as("the call made today is not in the span").isEqualTo(2);
        assertThat(beta.get("answered").asInt()).isEqualTo(1);
        assertThat(beta.get("callsWithoutCost").asInt()).isEqualTo(1);
        assertThat(beta.get("cost").get(0).get("amount").asString()).isEqualTo("0.0123");
        assertThat(beta.get("byOutcome")).hasSize(2);

        Answer csv = send(request("/admin/usage?from=2026-11-30&to=2026-12-01&client=alpha", OPS_KEY)
                .header("Accept", "text/csv").GET().build());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.raw().body().lines().toList()).containsExactly(
                "client,outcome,calls,answered,billable_seconds,billable_minutes,calls_without_cost,cost,currency,"
                        + "suppressed",
                "alpha,COMPLETED,2,2,120,2.00,0,0.3,USD,0",
                "alpha,ALL,2,2,120,2.00,0,0.3,USD,0");
    }

    @Test
    void aCallAnsweredWithOrWithoutTheKeyCountsAsAnswered() {
        Instant at = DAY.plus(Duration.ofHours(9));
        insert("alpha", "ACKNOWLEDGED", "sess-ack", NUMBER, at, at.plusSeconds(3600), 1);
        insert("alpha", "NOT_ACKNOWLEDGED", "sess-not-ack", NUMBER, at.plusSeconds(60), at.plusSeconds(3600), 1);
        insert("alpha", "NO_ANSWER", "sess-no-answer", NUMBER, at.plusSeconds(120), at.plusSeconds(3600), 1);

        JsonNode alpha = get("/admin/usage?from=2026-11-30&to=2026-12-01", OPS_KEY).json().get("clients").get(0);

        assertThat(alpha.get("calls").asInt()).isEqualTo(3);
        assertThat(alpha.get("answered").asInt()).as("both acknowledgement outcomes were answered").isEqualTo(2);
        assertThat(alpha.get("byOutcome").valueStream()
                .map(o -> o.get("outcome").asString() + " " + o.get("answered").asInt()))
                .containsExactly("ACKNOWLEDGED 1", "NOT_ACKNOWLEDGED 1", "NO_ANSWER 0");
    }

    @Test
    void aBadUsageSpanIsABadRequestNamingTheField() {
        Answer answer = get("/admin/usage?from=last-month&to=2026-12-01", OPS_KEY);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.raw().body()).contains("from");
        assertThat(get("/admin/usage", ALPHA_KEY).status()).as("ops only").isEqualTo(403);
    }

    @Test
    void twoInstancesReconcileOneAtATime() throws Exception {
        insert("UNKNOWN", null, NUMBER, now().minus(Duration.ofMinutes(5)), now().plus(Duration.ofHours(1)), 1);
        exportSucceeds(HEADER);
        Reconciler other = new Reconciler(store, exports, new ExportProcessor(new ExportJobs(client, exports,
                pause, clock), client, exports, store, rules, metrics, events,
                new ExportProcessor.Budget(3, Duration.ofSeconds(3)), clock), rules,
                new DefaultLockingTaskExecutor(lockProvider), Duration.ofMinutes(15), Duration.ofMinutes(15), clock,
                "other-instance");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pause.during = () -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        CompletableFuture<Reconciler.Result> first = CompletableFuture.supplyAsync(reconciler::tick);
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        Reconciler.Result second = other.tick();
        Reconciler.Result forced = other.reconcileNow();
        pause.during = () -> { };
        release.countDown();

        assertThat(second).isEqualTo(Reconciler.Result.BUSY);
        assertThat(forced).as("not even when forced").isEqualTo(Reconciler.Result.BUSY);
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(Reconciler.Result.RAN);
        assertThat(other.tick()).as("the interval is shared: not due again").isEqualTo(Reconciler.Result.NOTHING_DUE);
        await().atMost(Duration.ofSeconds(5)).until(() -> exportRequests() == 1);
        assertThat(exportRequests()).isEqualTo(1);
    }
}
