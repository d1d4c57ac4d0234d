package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.CallRetries;
import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.Outbox;
import com.example.voicegateway.schedule.WaitingFor;
import java.time.Duration;
import java.time.Instant;

/**
 * What a claim's result means for the message, and when its next attempt is due: pure functions of their
 * arguments (no clock, no randomness of their own), covered by plain unit tests. What one 8x8 answer means is
 * {@link EightByEightClient#classify}, also pure.
 */
final class DispatchPolicy {

    static final String EXPIRED_BEFORE_SENDING = "validUntil passed before the callflow was sent";

    private DispatchPolicy() {
    }

    /** What to write for a finished send. */
    sealed interface Decision permits Submit, Write {
    }

    /** 8x8 created the callflow: record its session. */
    record Submit(SendResult.Created created, int attemptsDelta) implements Decision {
    }

    /** Any other end: this status and bookkeeping. */
    record Write(Outbox.Outcome outcome) implements Decision {
    }

    /**
     * @param random a number from 0 to 1 for the backoff's jitter
     */
    static Decision decide(SendOutcome sent, Instant now, CallRetries settings, double random) {
        ClaimedMessage m = sent.message();
        // The claim counted one POST; every further POST counts, a POST that did not happen does not.
        int delta = sent.posts() - 1;
        SendResult result = sent.last();
        SendOutcome.Deferral deferral = sent.deferral();
        if (result == null) {
            if (deferral != null) {
                return queued(delta, deferral.until(), deferral.reason(), deferral.waitingFor());
            }
            return write(CallStatus.EXPIRED, delta, null, EXPIRED_BEFORE_SENDING);
        }
        if (result instanceof SendResult.Created created) {
            return new Submit(created, delta);
        }
        if (result instanceof SendResult.Rejected rejected) {
            return new Write(new Outbox.Outcome(CallStatus.REJECTED, delta, null, rejected.describe(),
                    rejected.statusCode(), rejected.statusMessage()));
        }
        if (result instanceof SendResult.AuthProblem auth) {
            // Not the message's fault: back in the queue, and this POST does not count against it.
            return queued(delta - 1, earliest(now.plus(settings.authFailureBackoff()), m.validUntil()),
                    auth.describe(), WaitingFor.RETRY_BACKOFF);
        }
        if (result instanceof SendResult.Unknown unknown) {
            return write(CallStatus.UNKNOWN, delta, null, "outcome unknown: " + unknown.describe()
                    + "; never re-sent, waiting for 8x8's session summary");
        }
        return retryLater(m, (SendResult.Retryable) result, delta, deferral, now, settings, random);
    }

    static Decision retryLater(ClaimedMessage m, SendResult.Retryable last, int delta, SendOutcome.Deferral deferral,
            Instant now, CallRetries settings, double random) {
        if (deferral != null) {
            // The breaker opened (or shutdown began) between in-process retries.
            return queued(delta, deferral.until(), last.describe() + "; " + deferral.reason(), deferral.waitingFor());
        }
        int made = m.attempts() + delta;
        if (made >= settings.maxAttempts()) {
            return write(CallStatus.FAILED, delta, null, "gave up after " + made + " attempts; last: "
                    + last.describe());
        }
        Instant next = now.plus(settings.backoff(made, random));
        if (last.retryAfter() != null && now.plus(last.retryAfter()).isAfter(next)) {
            next = now.plus(last.retryAfter());
        }
        if (!next.isBefore(m.validUntil())) {
            return write(CallStatus.EXPIRED, delta, null,
                    "validUntil passes before the next retry could be sent; last: " + last.describe());
        }
        return queued(delta, next, last.describe(), WaitingFor.RETRY_BACKOFF);
    }

    /**
     * Whether another POST may follow {@code result} within this claim: only a provably-not-created answer, within
     * the attempt budget, with the lease still leaving room for a whole call and a second.
     *
     * @param posts POSTs made so far in this claim
     */
    static boolean mayRetryInProcess(ClaimedMessage m, SendResult result, int posts, Instant now,
            Duration callTimeout, int maxAttempts) {
        return result instanceof SendResult.Retryable
                && m.attempts() + posts - 1 < maxAttempts
                && now.plus(callTimeout).plusSeconds(1).isBefore(m.leaseUntil());
    }

    /** Room the lease leaves for waiting on a rate permit: what is left once a whole call fits. */
    static Duration permitRoom(Instant now, Instant leaseUntil, Duration callTimeout) {
        return Duration.between(now, leaseUntil).minus(callTimeout);
    }

    private static Write queued(int delta, Instant next, String lastError, WaitingFor waitingFor) {
        return new Write(new Outbox.Outcome(CallStatus.QUEUED, delta, next, lastError, null, null,
                waitingFor));
    }

    private static Write write(CallStatus status, int delta, Instant next, String lastError) {
        return new Write(new Outbox.Outcome(status, delta, next, lastError, null, null));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
