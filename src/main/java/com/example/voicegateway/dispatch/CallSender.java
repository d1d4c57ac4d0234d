package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.CallRetries;
import com.example.voicegateway.message.AttemptView;
import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.message.Outbox;
import com.example.voicegateway.ratelimit.DailyCallBudget;
import com.example.voicegateway.schedule.CallSchedule;
import com.example.voicegateway.schedule.WaitingFor;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Places one claimed call: lease check, breaker, the durable POST-start mark, the POST (and the in-process retries a
 * provably-not-created answer allows, each with a permit of the shared rate), feeding health and meters with each
 * answer. Returns one {@link SendOutcome}; writes nothing but the mark.
 */
final class CallSender {

    private static final Logger log = LoggerFactory.getLogger(CallSender.class);

    static final String STOPPED_BEFORE_SENDING = "dispatcher stopping before the callflow was sent";
    static final String NO_RATE_PERMIT = "8x8 rate limit: no permit while the lease still had room for the call,"
            + " not sent";
    static final String LEASE_TOO_SHORT = "lease too short for another call: not sent";
    static final String NOT_NOW = "outside the delivery window or before sendAt: not sent";

    private final EightByEightClient client;
    private final ClaimGate gate;
    private final EightByEightResilience resilience;
    private final EightByEightHealth health;
    private final DispatchMetrics metrics;
    private final Outbox outbox;
    private final DispatchProperties settings;
    private final CallRetries retry;
    private final Duration callTimeout;
    private final Clock clock;
    private final Placement placement;
    private final AtomicLong sent = new AtomicLong();
    private volatile Instant authHoldUntil = Instant.EPOCH;

    CallSender(EightByEightClient client, EightByEightResilience resilience, EightByEightHealth health,
            DispatchMetrics metrics, Outbox outbox, DispatchProperties settings, CallRetries retry, Duration callTimeout,
            Clock clock, ClaimGate gate, Placement placement) {
        this.gate = gate;
        this.placement = placement;
        this.client = client;
        this.resilience = resilience;
        this.health = health;
        this.metrics = metrics;
        this.outbox = outbox;
        this.settings = settings;
        this.retry = retry;
        this.callTimeout = callTimeout;
        this.clock = clock;
    }

    /** Callflows POSTed (tests compare two dispatchers with it). */
    long sent() {
        return sent.get();
    }

    /** Until when 8x8 refusing our key pauses all claims. */
    Instant authHoldUntil() {
        return authHoldUntil;
    }

    /**
     * One try's result: what the send produced so far, whether Resilience4j's retry may try again
     * ({@link EightByEightResilience#retryInProcess} and {@link DispatchPolicy#mayRetryInProcess}), and whether the
     * breaker counts it as a failure (8x8 unreachable, overloaded or silent).
     */
    record Step(SendOutcome outcome, boolean again, boolean failure) {
    }

    /** Nothing was posted after the breaker's permission was given (the mark failed, or the row moved): the breaker
     * gives the permission back and counts nothing. */
    static final class NotSent extends RuntimeException {
        final transient Step step;

        NotSent(Step step) {
            super(null, null, false, false);
            this.step = step;
        }
    }

    /**
     * Places the call: each try through Resilience4j's breaker, the tries through its retry (which retries only an
     * answer that proves nothing was created, and waits its wait-duration between them). Every try first checks what
     * may have changed during the wait: stopping, validUntil, the window, the lease, a shared rate permit.
     */
    SendOutcome send(ClaimedMessage claimed, BooleanSupplier running) {
        Tries tries = new Tries(placement.fromCallerId(claimed), running);
        Supplier<Step> guarded = CircuitBreaker.decorateSupplier(resilience.circuitBreaker(), tries::markAndPost);
        SendOutcome outcome = Retry.decorateSupplier(resilience.retry(), () -> tries.once(guarded)).get().outcome();
        tries.settleBudget(outcome);
        return outcome;
    }

    /** One claim's tries: the claim as its last write left it, the POSTs made, the attempt rows. */
    private final class Tries {

        private final BooleanSupplier running;
        private final List<AttemptView> rows = new ArrayList<>();
        private ClaimedMessage m;
        private int posts;
        private SendResult result;
        private CallSchedule.Go go;
        /** The call taken from the client's daily budget for the country, once asked for (before the first POST). */
        private DailyCallBudget.Permit permit;

        Tries(ClaimedMessage claimed, BooleanSupplier running) {
            this.m = claimed;
            this.running = running;
        }

        Step once(Supplier<Step> guarded) {
            Instant now = clock.instant();
            if (!running.getAsBoolean()) {
                return done(defer(STOPPED_BEFORE_SENDING, now));
            }
            if (!now.isBefore(m.validUntil())) {
                return done(null);
            }
            if (!(m.schedule().callAt(now) instanceof CallSchedule.Go open)) {
                // A due row can still be outside its window: it closed while the row waited behind a backlog, or
                // between two in-process tries. The recorder moves it to the next opening.
                return done(defer(NOT_NOW, now));
            }
            go = open;
            // The sweep may act on the message once the lease passes: a POST starts only while a whole call fits.
            Duration room = DispatchPolicy.permitRoom(now, m.leaseUntil(), callTimeout);
            if (room.isNegative() || room.isZero()) {
                return done(defer(LEASE_TOO_SHORT, now));
            }
            if (posts == 0 && permit == null) {
                permit = placement.take(m);
                if (permit == null) {
                    // Held, never lost nor rung: it goes when the client's budget for the country is full again.
                    placement.heldBack(m);
                    return done(new SendOutcome.Deferral(Placement.DAILY_LIMIT_USED_UP, Placement.refillAt(now),
                            WaitingFor.DAILY_CALL_LIMIT));
                }
            }
            if (posts > 0 && !gate.retryPermit()) {
                // The first POST's permit came with the claim; an in-process retry needs one of the shared ones too,
                // now: nothing waits for a permit, so none is waited for past what the lease leaves.
                return done(new SendOutcome.Deferral(NO_RATE_PERMIT, now.plus(gate.untilNextPermit()),
                        WaitingFor.RATE_LIMIT));
            }
            try {
                return guarded.get();
            } catch (CallNotPermittedException breakerOpen) {
                Instant halfOpen = resilience.halfOpenAt();
                return done(new SendOutcome.Deferral("8x8 circuit breaker open: not sent",
                        halfOpen.isAfter(now) ? halfOpen : now.plus(settings.pollInterval()), WaitingFor.RETRY_BACKOFF));
            } catch (NotSent notSent) {
                return notSent.step;
            }
        }

        /** Inside the breaker: the durable POST-start mark, the POST, and what its answer means. */
        Step markAndPost() {
            // Before every POST, retries included: a summary may have settled the call or planned the next one
            // during the retry wait, and then the row is no longer ours to send.
            Instant markedAt = clock.instant();
            ClaimedMessage marked;
            try {
                marked = outbox.markPostStarted(m, markedAt);
            } catch (DataAccessException | TransactionException e) {
                log.warn("Could not record that a POST for message {} begins; not sent: {}", m.id(),
                        e.getClass().getSimpleName());
                throw new NotSent(done(defer("database unavailable before the POST: not sent", markedAt)));
            }
            if (marked == null) {
                throw new NotSent(new Step(new SendOutcome(m, result, posts, null, rows, true), false, false));
            }
            m = marked;
            Instant started = clock.instant();
            long t0 = System.nanoTime();
            // 8x8 must not start the call after the window's close either.
            result = client.send(m.until(go.validUntil()));
            long nanos = System.nanoTime() - t0;
            posts++;
            sent.incrementAndGet();
            AttemptOutcome outcome = AttemptOutcome.of(result);
            try {
                rows.add(new AttemptView(m.callNumber(), m.attempts() + posts - 1, started,
                        (int) TimeUnit.NANOSECONDS.toMillis(nanos), result.httpStatus(), result.statusCode(),
                        result.statusMessage(), outcome.name(),
                        result instanceof SendResult.Created ? null : result.describe()));
                account(result, outcome, nanos);
                boolean again = EightByEightResilience.retryInProcess(result)
                        && DispatchPolicy.mayRetryInProcess(m, result, posts, clock.instant(), callTimeout,
                                retry.maxAttempts())
                        && running.getAsBoolean();
                return new Step(new SendOutcome(m, result, posts, null, rows, false), again,
                        EightByEightResilience.failure(outcome));
            } catch (RuntimeException afterPost) {
                // The POST happened and its answer is known: record that answer, never try again from here. An
                // exception leaving this method would reach the breaker and the retry, and a retry would ring the
                // person a second time.
                log.error("Failure after the POST for message {} was answered ({}); recording the answer, not"
                        + " sending again", m.id(), result.describe(), afterPost);
                return new Step(new SendOutcome(m, result, posts, null, rows, false), false,
                        EightByEightResilience.failure(outcome));
            }
        }

        /**
         * Keeps the budget's call for a callflow 8x8 created or may have created, and gives it back for one it
         * provably did not (refused, retryable, our key refused, or never posted).
         */
        void settleBudget(SendOutcome outcome) {
            if (permit == null) {
                return;
            }
            SendResult last = outcome.last();
            if (last instanceof SendResult.Created || last instanceof SendResult.Unknown) {
                placement.placed(outcome.message());
            } else {
                placement.giveBack(permit);
            }
        }

        private Step done(SendOutcome.Deferral deferral) {
            return new Step(new SendOutcome(m, result, posts, deferral, rows, false), false, false);
        }
    }

    /** Feeds health and meters with one answer (the breaker judges it by {@link Step#failure}). */
    private void account(SendResult result, AttemptOutcome outcome, long nanos) {
        switch (outcome) {
            case SUBMITTED -> health.authWorks();
            case REJECTED -> {
                // 8x8 is up and judged the callflow: not a failure for the breaker.
                health.authWorks();
                health.error(result.describe());
            }
            case AUTH_ERROR -> {
                health.authFailed(result.describe());
                authHoldUntil = clock.instant().plus(retry.authFailureBackoff());
            }
            // Retryable or Unknown: 8x8 unreachable, overloaded or silent.
            default -> health.error(result.describe());
        }
        metrics.attempt(outcome);
        metrics.latency(outcome, nanos);
    }

    private static SendOutcome.Deferral defer(String reason, Instant until) {
        return new SendOutcome.Deferral(reason, until);
    }

    /** Sleeps; false when interrupted (the dispatcher is being torn down). */
    static boolean sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
