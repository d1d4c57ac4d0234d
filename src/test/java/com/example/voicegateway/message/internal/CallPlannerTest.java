package com.example.voicegateway.message.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.MessageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The redial and fallback rules as pure functions: no Spring, no database, no 8x8. */
class CallPlannerTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration INTERVAL = Duration.ofMinutes(5);
    static final Duration BACKOFF = Duration.ofSeconds(5);
    static final String DESTINATION = "+6591234567";
    static final String FALLBACK_1 = "+6598765432";
    static final String FALLBACK_2 = "+6598765433";

    @Test
    void aNoAnswerWithCallsLeftPlansARedialIntervalAfterTheSummary() {
        var next = plan(redial(3), List.of(call(1, CallKind.FIRST, DESTINATION)), CallStatus.NO_ANSWER);

        assertThat(next).isEqualTo(new CallPlanner.NextCall(2, CallKind.REDIAL, DESTINATION, NOW.plus(INTERVAL),
                false, "call 1 ended NO_ANSWER: redial"));
    }

    @Test
    void theLastAllowedCallEndsTheMessageWithItsOutcome() {
        var calls = List.of(call(1, CallKind.FIRST, DESTINATION), call(2, CallKind.REDIAL, DESTINATION),
                call(3, CallKind.REDIAL, DESTINATION));

        assertThat(plan(redial(3), calls, CallStatus.BUSY)).isEqualTo(new CallPlanner.Final(MessageStatus.BUSY, null));
    }

    @Test
    void fallbacksFollowInOrderOnceTheDestinationsCallsAreUsedUp() {
        RedialPlan plan = new RedialPlan(2, INTERVAL, CallStatus.REDIAL_OUTCOMES, List.of(FALLBACK_1, FALLBACK_2));
        List<CallPlanner.PastCall> calls = new ArrayList<>(List.of(call(1, CallKind.FIRST, DESTINATION),
                call(2, CallKind.REDIAL, DESTINATION)));

        var third = (CallPlanner.NextCall) plan(plan, calls, CallStatus.NO_ANSWER);
        assertThat(third.kind()).isEqualTo(CallKind.FALLBACK);
        assertThat(third.destination()).isEqualTo(FALLBACK_1);
        assertThat(third.number()).isEqualTo(3);

        calls.add(call(3, CallKind.FALLBACK, FALLBACK_1));
        var fourth = (CallPlanner.NextCall) plan(plan, calls, CallStatus.BUSY);
        assertThat(fourth.destination()).isEqualTo(FALLBACK_2);
        assertThat(fourth.dueAt()).isEqualTo(NOW.plus(INTERVAL));

        calls.add(call(4, CallKind.FALLBACK, FALLBACK_2));
        assertThat(plan(plan, calls, CallStatus.NO_ANSWER)).isInstanceOf(CallPlanner.Final.class);
    }

    @Test
    void anOutcomeNotListedInOnEndsTheMessage() {
        RedialPlan onlyBusy = new RedialPlan(3, INTERVAL, EnumSet.of(CallStatus.BUSY), List.of(FALLBACK_1));

        assertThat(plan(onlyBusy, List.of(call(1, CallKind.FIRST, DESTINATION)), CallStatus.NO_ANSWER))
                .isEqualTo(new CallPlanner.Final(MessageStatus.NO_ANSWER, null));
    }

    @Test
    void completedFailedErrorAndCanceledNeverLeadToAnotherCall() {
        for (CallStatus outcome : List.of(CallStatus.COMPLETED, CallStatus.FAILED, CallStatus.ERROR,
                CallStatus.CANCELED)) {
            assertThat(plan(redial(5), List.of(call(1, CallKind.FIRST, DESTINATION)), outcome))
                    .isEqualTo(new CallPlanner.Final(outcome.messageStatus(), null));
        }
    }

    @Test
    void aCallWhoseOutcomeWasOnceUnknownIsNeverFollowedByAnother() {
        var wasUnknown = new CallPlanner.PastCall(1, CallKind.FIRST, DESTINATION, CallStatus.UNKNOWN, true);

        var next = CallPlanner.afterOutcome(message(redial(5)), List.of(wasUnknown), wasUnknown, CallStatus.NO_ANSWER,
                NOW, BACKOFF);

        assertThat(next).isInstanceOf(CallPlanner.Final.class);
        assertThat(((CallPlanner.Final) next).status()).isEqualTo(MessageStatus.NO_ANSWER);
    }

    @Test
    void anUnknownCallThatEightByEightProvesNeverPlacedIsPlacedAgainTheOneException() {
        // -2010 is 8x8's own proof that nobody was rung, so "an UNKNOWN call is never followed" does not apply.
        var wasUnknown = new CallPlanner.PastCall(1, CallKind.FIRST, DESTINATION, CallStatus.UNKNOWN, true);

        var next = CallPlanner.afterOutcome(message(redial(1)), List.of(wasUnknown), wasUnknown,
                CallStatus.NOT_PLACED, NOW, BACKOFF);

        assertThat(next).isEqualTo(new CallPlanner.NextCall(2, CallKind.FIRST, DESTINATION, NOW.plus(BACKOFF), true,
                "8x8 never placed call 1 (trunk capacity exceeded): placed again"));
    }

    @Test
    void noCallIsPlannedThatCouldNotStartBeforeValidUntil() {
        var message = new CallPlanner.MessagePlan(DESTINATION, redial(3), NOW.plus(INTERVAL), 1, 8);
        var first = call(1, CallKind.FIRST, DESTINATION);

        var next = CallPlanner.afterOutcome(message, List.of(first), first, CallStatus.NO_ANSWER, NOW, BACKOFF);

        assertThat(next).isInstanceOf(CallPlanner.Final.class);
        assertThat(((CallPlanner.Final) next).reason()).contains("validUntil");
    }

    @Test
    void aCallEightByEightNeverPlacedIsPlacedAgainAfterTheBackoffWithoutCountingAgainstMaxCalls() {
        var first = call(1, CallKind.FIRST, DESTINATION);

        var again = (CallPlanner.NextCall) CallPlanner.afterOutcome(message(redial(1)), List.of(first), first,
                CallStatus.NOT_PLACED, NOW, BACKOFF);

        assertThat(again).isEqualTo(new CallPlanner.NextCall(2, CallKind.FIRST, DESTINATION, NOW.plus(BACKOFF), true,
                "8x8 never placed call 1 (trunk capacity exceeded): placed again"));
        // The call placed again is the first that counts: with maxCalls 2 a redial may still follow it.
        var notPlaced = new CallPlanner.PastCall(1, CallKind.FIRST, DESTINATION, CallStatus.NOT_PLACED, false);
        var second = call(2, CallKind.FIRST, DESTINATION);
        var afterSecond = CallPlanner.afterOutcome(message(redial(2)), List.of(notPlaced, second), second,
                CallStatus.NO_ANSWER, NOW, BACKOFF);
        assertThat(afterSecond).isInstanceOf(CallPlanner.NextCall.class);
        assertThat(((CallPlanner.NextCall) afterSecond).kind()).isEqualTo(CallKind.REDIAL);
    }

    @Test
    void aCallNeverPlacedEndsInErrorOnceTheAttemptsAreUsedUp() {
        var first = call(1, CallKind.FIRST, DESTINATION);
        var used = new CallPlanner.MessagePlan(DESTINATION, redial(3), NOW.plus(Duration.ofHours(1)), 8, 8);

        var next = CallPlanner.afterOutcome(used, List.of(first), first, CallStatus.NOT_PLACED, NOW, BACKOFF);

        assertThat(next).isInstanceOf(CallPlanner.Final.class);
        assertThat(((CallPlanner.Final) next).status()).isEqualTo(MessageStatus.ERROR);
    }

    @Test
    void aSuppressedCallToTheDestinationEndsTheMessageSuppressedEvenWithFallbacksLeft() {
        RedialPlan plan = new RedialPlan(3, INTERVAL, CallStatus.REDIAL_OUTCOMES, List.of(FALLBACK_1));
        for (CallKind kind : List.of(CallKind.FIRST, CallKind.REDIAL)) {
            var calls = List.of(new CallPlanner.PastCall(1, kind, DESTINATION, CallStatus.SUPPRESSED, false));
            var next = CallPlanner.afterSuppressed(message(plan), calls, calls.get(0), NOW);
            assertThat(next).isInstanceOf(CallPlanner.Final.class);
            assertThat(((CallPlanner.Final) next).status()).isEqualTo(MessageStatus.SUPPRESSED);
        }
    }

    @Test
    void aSuppressedFallbackIsSkippedAtOnceForTheNextOrEndsTheMessageWhenNoneIsLeft() {
        RedialPlan plan = new RedialPlan(1, INTERVAL, CallStatus.REDIAL_OUTCOMES, List.of(FALLBACK_1, FALLBACK_2));
        List<CallPlanner.PastCall> calls = new ArrayList<>(List.of(
                new CallPlanner.PastCall(1, CallKind.FIRST, DESTINATION, CallStatus.NO_ANSWER, false),
                new CallPlanner.PastCall(2, CallKind.FALLBACK, FALLBACK_1, CallStatus.SUPPRESSED, false)));

        var next = (CallPlanner.NextCall) CallPlanner.afterSuppressed(message(plan), calls, calls.get(1), NOW);
        // Nobody was rung: no interval before the next number.
        assertThat(next).isEqualTo(new CallPlanner.NextCall(3, CallKind.FALLBACK, FALLBACK_2, NOW, false,
                "call 2 not placed (its number is on a do-not-call list): fallback 2 of 2"));

        calls.add(new CallPlanner.PastCall(3, CallKind.FALLBACK, FALLBACK_2, CallStatus.SUPPRESSED, false));
        var end = CallPlanner.afterSuppressed(message(plan), calls, calls.get(2), NOW);
        assertThat(end).isInstanceOf(CallPlanner.Final.class);
        assertThat(((CallPlanner.Final) end).status()).isEqualTo(MessageStatus.SUPPRESSED);
    }

    @Test
    void clientRequestIdsAreTheMessageIdThenSuffixedWithTheCallNumber() {
        var id = java.util.UUID.fromString("0190f0e4-1111-7222-8333-444455556666");
        assertThat(CallPlanner.clientRequestId(id, 1)).isEqualTo(id.toString());
        assertThat(CallPlanner.clientRequestId(id, 2)).isEqualTo(id + ":2");
        assertThat(CallPlanner.clientRequestId(id, 9)).hasSizeLessThanOrEqualTo(50);
    }

    static RedialPlan redial(int maxCalls) {
        return new RedialPlan(maxCalls, INTERVAL, CallStatus.REDIAL_OUTCOMES, List.of());
    }

    static CallPlanner.MessagePlan message(RedialPlan plan) {
        return new CallPlanner.MessagePlan(DESTINATION, plan, NOW.plus(Duration.ofHours(1)), 1, 8);
    }

    static CallPlanner.PastCall call(int number, CallKind kind, String destination) {
        return new CallPlanner.PastCall(number, kind, destination, CallStatus.SUBMITTED, false);
    }

    /** The last of {@code calls} ended with {@code outcome}. */
    static CallPlanner.Next plan(RedialPlan plan, List<CallPlanner.PastCall> calls, CallStatus outcome) {
        CallPlanner.PastCall last = calls.get(calls.size() - 1);
        return CallPlanner.afterOutcome(message(plan), calls, last, outcome, NOW, BACKOFF);
    }
}
