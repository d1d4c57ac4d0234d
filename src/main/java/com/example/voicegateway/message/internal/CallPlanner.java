package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.schedule.CallSchedule;
import com.example.voicegateway.schedule.WaitingFor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a proven call outcome means for the message: its final status, or the next call and when it is due. Pure
 * functions of their arguments, so the rules are tested without a database or 8x8.
 */
public final class CallPlanner {

    private CallPlanner() {
    }

    /** A call of the message as far as planning cares. */
    public record PastCall(int number, CallKind kind, String destination, CallStatus status, boolean wasUnknown) {
    }

    /** What happens after a call ended. */
    public sealed interface Next permits Final, NextCall {
    }

    /** No further call: the message ends with this status. */
    public record Final(MessageStatus status, String reason) implements Next {
    }

    /**
     * Call {@code number} is planned, due at {@code dueAt}. {@code sameSlot}: it places again a call 8x8 never
     * placed, so it shares that call's attempt budget and does not count against {@code maxCalls}.
     */
    public record NextCall(int number, CallKind kind, String destination, Instant dueAt, boolean sameSlot,
            String reason) implements Next {
    }

    /** The message as far as planning cares. */
    public record MessagePlan(String destination, RedialPlan redial, Instant validUntil, int attempts,
            int maxAttempts) {
    }

    /**
     * Decides after call {@code ended} (the last of {@code calls}, oldest first) was proven to end with
     * {@code outcome} at {@code now}.
     *
     * @param placeAgainAfter the dispatch backoff before a call 8x8 never placed is placed again
     */
    public static Next afterOutcome(MessagePlan message, List<PastCall> calls, PastCall ended, CallStatus outcome,
            Instant now, Duration placeAgainAfter) {
        int next = calls.stream().mapToInt(PastCall::number).max().orElse(ended.number()) + 1;
        if (outcome == CallStatus.NOT_PLACED) {
            // Nobody was rung (-2010): the same call again, whatever redial says, within the attempt budget.
            if (message.attempts() >= message.maxAttempts()) {
                return new Final(MessageStatus.ERROR, "8x8 never placed call " + ended.number()
                        + " (trunk capacity exceeded) and " + message.attempts() + " attempts are used up");
            }
            Instant due = now.plus(placeAgainAfter);
            if (!due.isBefore(message.validUntil())) {
                return new Final(MessageStatus.ERROR, "8x8 never placed call " + ended.number()
                        + " (trunk capacity exceeded) and validUntil passes before it could be placed again");
            }
            return new NextCall(next, ended.kind(), ended.destination(), due, true,
                    "8x8 never placed call " + ended.number() + " (trunk capacity exceeded): placed again");
        }
        MessageStatus last = outcome.messageStatus();
        if (outcome == CallStatus.COMPLETED || outcome == CallStatus.ACKNOWLEDGED) {
            return new Final(last, null);
        }
        if (ended.wasUnknown()) {
            // The gateway once lost track of this call: whatever its summary says now, no second call follows.
            return new Final(last, "call " + ended.number() + " had an unknown outcome: no further call");
        }
        RedialPlan redial = message.redial();
        if (!redial.on().contains(outcome)) {
            return new Final(last, null);
        }
        int toDestination = 0;
        int fallbacksUsed = 0;
        for (PastCall call : calls) {
            if (call.status() == CallStatus.NOT_PLACED) {
                continue;
            }
            if (call.kind() == CallKind.FALLBACK) {
                fallbacksUsed++;
            } else {
                toDestination++;
            }
        }
        Instant due = now.plus(redial.interval());
        NextCall planned;
        if (ended.kind() != CallKind.FALLBACK && toDestination < redial.maxCalls()) {
            planned = new NextCall(next, CallKind.REDIAL, message.destination(), due, false,
                    "call " + ended.number() + " ended " + outcome + ": redial");
        } else if (fallbacksUsed < redial.fallbackDestinations().size()) {
            planned = new NextCall(next, CallKind.FALLBACK, redial.fallbackDestinations().get(fallbacksUsed), due,
                    false, "call " + ended.number() + " ended " + outcome + ": fallback "
                            + (fallbacksUsed + 1) + " of " + redial.fallbackDestinations().size());
        } else {
            return new Final(last, null);
        }
        if (!due.isBefore(message.validUntil())) {
            return new Final(last, "call " + ended.number() + " ended " + outcome
                    + "; the next call could not start before validUntil");
        }
        return planned;
    }

    /**
     * Decides after call {@code ended} was found, when it was due, to have its number on a do-not-call list (it was
     * never placed). A call to the destination ends the message SUPPRESSED, as intake does with a suppressed
     * destination; a fallback call is skipped: the next fallback is due at once (nobody was rung, so no interval), or
     * the message ends SUPPRESSED when none is left.
     */
    public static Next afterSuppressed(MessagePlan message, List<PastCall> calls, PastCall ended, Instant now) {
        if (ended.kind() != CallKind.FALLBACK) {
            return new Final(MessageStatus.SUPPRESSED, "call " + ended.number()
                    + " not placed: the destination is on a do-not-call list");
        }
        long fallbacksUsed = calls.stream()
                .filter(c -> c.kind() == CallKind.FALLBACK && c.status() != CallStatus.NOT_PLACED).count();
        List<String> fallbacks = message.redial().fallbackDestinations();
        int next = calls.stream().mapToInt(PastCall::number).max().orElse(ended.number()) + 1;
        if (fallbacksUsed >= fallbacks.size()) {
            return new Final(MessageStatus.SUPPRESSED, "call " + ended.number()
                    + " not placed: the fallback number is on a do-not-call list, and no fallback is left");
        }
        if (!now.isBefore(message.validUntil())) {
            return new Final(MessageStatus.SUPPRESSED, "call " + ended.number()
                    + " not placed: the fallback number is on a do-not-call list; validUntil has passed");
        }
        return new NextCall(next, CallKind.FALLBACK, fallbacks.get((int) fallbacksUsed), now, false,
                "call " + ended.number() + " not placed (its number is on a do-not-call list): fallback "
                        + (fallbacksUsed + 1) + " of " + fallbacks.size());
    }

    /** A decision after the schedule had its say: the next call's due time moved into the window, or the end. */
    public record Scheduled(Next next, WaitingFor waitingFor) {
    }

    /**
     * Puts a planned call where the message's schedule allows it: a redial or fallback due outside the delivery
     * window (or before sendAt) moves to the next opening; when that is not before validUntil the message ends with
     * the outcome of the call that just ended, saying why.
     */
    public static Scheduled within(Next next, CallStatus outcome, CallSchedule schedule) {
        if (!(next instanceof NextCall call)) {
            return new Scheduled(next, null);
        }
        WaitingFor reason = call.sameSlot() ? WaitingFor.RETRY_BACKOFF : WaitingFor.REDIAL_INTERVAL;
        CallSchedule.Verdict verdict = schedule.later(call.dueAt(), reason);
        if (verdict instanceof CallSchedule.Never never) {
            MessageStatus last = outcome == CallStatus.NOT_PLACED ? MessageStatus.ERROR : outcome.messageStatus();
            return new Scheduled(new Final(last, call.reason() + " not placed: " + never.why()), null);
        }
        CallSchedule.Wait wait = (CallSchedule.Wait) verdict;
        return new Scheduled(new NextCall(call.number(), call.kind(), call.destination(), wait.until(),
                call.sameSlot(), call.reason()), wait.reason());
    }

    /** 8x8 accepts clientRequestId up to 50 characters; ours is at most 36 + ":" + 2 digits. */
    public static String clientRequestId(java.util.UUID messageId, int callNumber) {
        return callNumber == 1 ? messageId.toString() : messageId + ":" + callNumber;
    }
}
