package com.example.voicegateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.support.EndToEndTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The whole loop in the sandbox, over HTTP: the emulator drops a summary or loses a request, and reconciliation
 * against the emulator's own log export settles the one and sends the other again, once.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class SandboxReconcileEndToEndTest extends EndToEndTest {

    @Autowired
    Reconciler reconciler;

    @BeforeEach
    void quiet() {
        clock.set(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        // The shared call-rate bucket keeps time by the clock; one stamped ahead by an earlier test gives no permit.
        jdbc.update("DELETE FROM rate_limit_bucket");
        empty("reconcile_export");
        send(request("/admin/sandbox/faults", OPS_KEY).DELETE().build());
    }

    @Test
    void aDroppedSummaryIsSettledFromTheEmulatedExportWithItsCost() {
        faults("{\"dropSummaries\":1}");
        String id = message("+6591234567", clock.instant().plus(Duration.ofMinutes(2)));
        ticking().until(() -> ticked("SUBMITTED".equals(status(id))));
        // Hung up before time moves on, or the emulator would bill the 20 minutes skipped below.
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/admin/sandbox/callflows", OPS_KEY).json()
                .get("callsOnTheLine").asInt() == 0);

        clock.advance(Duration.ofMinutes(20));
        // The call hangs up a moment after it was placed; until then the export does not list it.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            reconciler.reconcileNow();
            return "COMPLETED".equals(status(id));
        });

        JsonNode view = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(view.get("settledBy").asString()).isEqualTo("LOG_EXPORT");
        assertThat(view.at("/calls/0/cost/amount").asString()).isEqualTo("0.0120");
        assertThat(view.at("/calls/0/cost/currency").asString()).isEqualTo("USD");
        assertThat(view.at("/calls/0/cost/billableSeconds").asInt()).isEqualTo(60);
        assertThat(view.has("summary")).as("no summary ever came").isFalse();
    }

    @Test
    void theSandboxsScheduleSettlesADroppedSummaryTenSecondsAfterValidUntil() {
        faults("{\"dropSummaries\":1}");
        Instant validUntil = clock.instant().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        String id = message("+6591234568", validUntil);
        ticking().until(() -> ticked("SUBMITTED".equals(status(id))));
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/admin/sandbox/callflows", OPS_KEY).json()
                .get("callsOnTheLine").asInt() == 0);

        // The scheduled look, not ops' "run now": application-sandbox.yml's summary-grace of 10 s.
        clock.set(validUntil.plusSeconds(9));
        reconciler.tick();
        assertThat(status(id)).as("9 s after validUntil: not due yet").isEqualTo("SUBMITTED");
        clock.set(validUntil.plusSeconds(10));
        reconciler.tick();

        await().atMost(Duration.ofSeconds(20)).until(() -> "COMPLETED".equals(status(id)));
        JsonNode view = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(view.get("settledBy").asString()).isEqualTo("LOG_EXPORT");
        assertThat(view.at("/cost/amount").asString()).isEqualTo("0.0120");
    }

    @Test
    void aLostRequestIsProvedNeverPlacedAndSentAgainOnce() {
        faults("{\"loseRequests\":1}");
        String id = message("+6591234599", clock.instant().plus(Duration.ofHours(2)));
        ticking().until(() -> ticked("UNKNOWN".equals(status(id))));

        clock.advance(Duration.ofMinutes(31));
        reconciler.reconcileNow();

        ticking().until(() -> ticked("COMPLETED".equals(status(id))));
        JsonNode view = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(view.get("calls")).hasSize(1);
        assertThat(view.get("attempts")).hasSize(2);
        assertThat(view.at("/attempts/0/outcome").asString()).isEqualTo("UNKNOWN");
        assertThat(view.at("/attempts/1/outcome").asString()).isEqualTo("SUBMITTED");
        JsonNode journal = get("/admin/sandbox/callflows?clientRequestId=" + id, OPS_KEY).json();
        assertThat(journal.get("count").asInt()).as("one call placed in all").isEqualTo(1);
    }

    /** A wait polled every 100 ms, each poll moving the clock 200 ms ({@link #ticked}). */
    private static org.awaitility.core.ConditionFactory ticking() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100));
    }

    /**
     * Time moves on while we wait, as it would (twice as fast, polled by {@link #ticking}: faster, a lease would run
     * out under a POST still within its read timeout): the shared call rate refills from the same clock.
     */
    private boolean ticked(boolean done) {
        if (!done) {
            clock.advance(Duration.ofMillis(200));
        }
        return done;
    }

    /** Nothing may stamp the shared bucket with this test's clock once it is gone (the workers stop while other classes run). */
    @org.junit.jupiter.api.AfterAll
    void forgetSharedBuckets() {
        clock.followSystem();
        jdbc.update("DELETE FROM rate_limit_bucket");
    }

    private void faults(String json) {
        assertThat(post("/admin/sandbox/faults", OPS_KEY, json).status()).isEqualTo(200);
    }

    private String message(String destination, Instant validUntil) {
        Answer accepted = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"" + destination
                + "\",\"text\":\"Your parcel arrives tomorrow.\",\"validUntil\":\""
                + validUntil.truncatedTo(ChronoUnit.SECONDS) + "\"}");
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        return accepted.json().get("id").asString();
    }

    private String status(String id) {
        return jdbc.queryForObject("SELECT status FROM message_state WHERE id = CAST(? AS uuid)", String.class, id);
    }
}
