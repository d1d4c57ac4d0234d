package com.example.voicegateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.message.CallStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SettlingRulesTest {

    static final Instant ATTEMPT = Instant.parse("2026-11-30T10:00:00Z");
    static final String NUMBER = "+6591234567";
    final SettlingRules rules = new SettlingRules(new SettlingRules.Settings(Duration.ofMinutes(30),
            Duration.ofMinutes(2), Duration.ofMinutes(2)));

    static DueCall unknown(String destination) {
        return new DueCall(UUID.randomUUID(), 1, "alpha", CallStatus.UNKNOWN, null, destination, ATTEMPT,
                ATTEMPT.plusSeconds(3600), 1, 3);
    }

    static DueCall submitted(String sessionId) {
        return new DueCall(UUID.randomUUID(), 1, "alpha", CallStatus.SUBMITTED, sessionId, NUMBER, ATTEMPT,
                ATTEMPT.plusSeconds(3600), 1, 3);
    }

    static ExportRow row(String sessionId, String destination, Instant initiated, String status) {
        return new ExportRow(sessionId, destination, initiated, initiated == null ? null : initiated.toString(),
                status, status, "200", 10, 60, null, null);
    }

    static SettlingRules.Evidence evidence(Instant to, Set<String> others, ExportRow... rows) {
        Map<String, List<ExportRow>> bySession = new HashMap<>();
        Map<String, List<ExportRow>> byDestination = new HashMap<>();
        for (ExportRow row : rows) {
            if (row.sessionId() != null) {
                bySession.computeIfAbsent(row.sessionId(), k -> new ArrayList<>()).add(row);
            }
            byDestination.computeIfAbsent(row.destinationDigits(), k -> new ArrayList<>()).add(row);
        }
        return new SettlingRules.Evidence(ATTEMPT.minus(Duration.ofHours(1)), to, bySession, byDestination, others);
    }

    @Test
    void aSubmittedCallIsSettledByItsSessionId() {
        DueCall call = submitted("s-1");

        List<Verdict> verdicts = rules.decide(List.of(call), evidence(ATTEMPT.plusSeconds(7200), Set.of(),
                row("s-1", NUMBER, ATTEMPT.plusSeconds(2), "NO ANSWER")));

        assertThat(verdicts).singleElement().isInstanceOfSatisfying(Verdict.Settle.class,
                settle -> assertThat(settle.outcome()).isEqualTo(CallStatus.NO_ANSWER));
    }

    @Test
    void aSessionWithoutAFinalStatusSettlesNothing() {
        List<Verdict> verdicts = rules.decide(List.of(submitted("s-1")), evidence(ATTEMPT.plusSeconds(7200),
                Set.of(), row("s-1", NUMBER, ATTEMPT, "IN_PROGRESS")));

        assertThat(verdicts).singleElement().isInstanceOf(Verdict.Wait.class);
    }

    @Test
    void anUnknownCallIsSettledByTheOneRowToItsNumberInItsSendWindow() {
        DueCall call = unknown(NUMBER);

        List<Verdict> verdicts = rules.decide(List.of(call), evidence(ATTEMPT.plusSeconds(7200), Set.of(),
                row("s-9", "6591234567", ATTEMPT.plusSeconds(4), "COMPLETED"),
                row("s-old", "6591234567", ATTEMPT.minus(Duration.ofMinutes(30)), "COMPLETED"),
                row("s-late", "6591234567", ATTEMPT.plus(Duration.ofMinutes(31)), "BUSY"),
                row("s-other", "6598765432", ATTEMPT.plusSeconds(4), "BUSY")));

        assertThat(verdicts).singleElement().isInstanceOfSatisfying(Verdict.Settle.class, settle -> {
            assertThat(settle.outcome()).isEqualTo(CallStatus.COMPLETED);
            assertThat(settle.row().sessionId()).isEqualTo("s-9");
        });
    }

    @Test
    void aRowAlreadyKnownAsAnotherCallOfOursIsNotACandidate() {
        List<Verdict> verdicts = rules.decide(List.of(unknown(NUMBER)), evidence(ATTEMPT.plusSeconds(7200),
                Set.of("s-mine"), row("s-mine", NUMBER, ATTEMPT.plusSeconds(1), "COMPLETED"),
                row("s-9", NUMBER, ATTEMPT.plusSeconds(4), "BUSY")));

        assertThat(verdicts).singleElement().isInstanceOfSatisfying(Verdict.Settle.class,
                settle -> assertThat(settle.row().sessionId()).isEqualTo("s-9"));
    }

    @Test
    void severalMatchingRowsAreLeftForOps() {
        List<Verdict> verdicts = rules.decide(List.of(unknown(NUMBER)), evidence(ATTEMPT.plusSeconds(7200),
                Set.of(), row("s-1", NUMBER, ATTEMPT.plusSeconds(1), "COMPLETED"),
                row("s-2", NUMBER, ATTEMPT.plusSeconds(50), "NO_ANSWER")));

        assertThat(verdicts).singleElement().isInstanceOfSatisfying(Verdict.Flag.class,
                flag -> assertThat(flag.candidates()).isEqualTo(2));
    }

    @Test
    void oneRowThatFitsTwoUnknownCallsSettlesNeither() {
        List<Verdict> verdicts = rules.decide(List.of(unknown(NUMBER), unknown(NUMBER)),
                evidence(ATTEMPT.plusSeconds(7200), Set.of(), row("s-1", NUMBER, ATTEMPT.plusSeconds(1), "COMPLETED")));

        assertThat(verdicts).hasSize(2).allMatch(v -> v instanceof Verdict.Flag);
    }

    @Test
    void aRowWithAnUnreadableTimeToTheNumberMeansNoProofEitherWay() {
        ExportRow unreadable = new ExportRow("s-1", NUMBER, null, "yesterday-ish", "COMPLETED", null, null, null,
                null, null, null);

        List<Verdict> verdicts = rules.decide(List.of(unknown(NUMBER)), evidence(ATTEMPT.plusSeconds(7200),
                Set.of(), unreadable));

        assertThat(verdicts).singleElement().isInstanceOf(Verdict.Flag.class);
    }

    @Test
    void noRowProvesNothingUntilTheExportReachesTheProofDelayPastTheAttempt() {
        DueCall call = unknown(NUMBER);

        Verdict early = rules.decide(List.of(call), evidence(ATTEMPT.plus(Duration.ofMinutes(29)), Set.of())).get(0);
        Verdict late = rules.decide(List.of(call), evidence(ATTEMPT.plus(Duration.ofMinutes(30)), Set.of())).get(0);

        assertThat(early).isInstanceOf(Verdict.Wait.class);
        assertThat(late).isInstanceOf(Verdict.NotPlaced.class);
        assertThat(((Verdict.NotPlaced) late).detail()).contains("+65****4567").doesNotContain("91234");
    }

    @Test
    void noRowProvesNothingWhenTheExportStartsAfterTheSendWindow() {
        DueCall call = unknown(NUMBER);
        SettlingRules.Evidence late = new SettlingRules.Evidence(ATTEMPT, ATTEMPT.plusSeconds(7200), Map.of(),
                Map.of(), Set.of());

        assertThat(rules.decide(List.of(call), late)).singleElement().isInstanceOf(Verdict.Wait.class);
    }

    @Test
    void theMatchedRowWithoutAFinalStatusRecordsTheSession() {
        List<Verdict> verdicts = rules.decide(List.of(unknown(NUMBER)), evidence(ATTEMPT.plusSeconds(7200),
                Set.of(), row("s-1", NUMBER, ATTEMPT.plusSeconds(1), null)));

        assertThat(verdicts).singleElement().isInstanceOf(Verdict.SessionFound.class);
    }
}
