package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.DispatchProperties;
import com.example.voicegateway.message.AttemptView;
import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.message.Outbox;
import com.example.voicegateway.schedule.CallSchedule;
import com.example.voicegateway.schedule.WaitingFor;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Places one claimed call: rate permit, lease check, breaker, the durable POST-start mark, the POST (and the
 * in-process retries a provably-not-created answer allows), feeding breaker, health and meters with each answer.
 * Returns one {@link SendOutcome}; writes nothing but the mark.
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
    private final Duration callTimeout;
    private final Clock clock;
    private final AtomicLong sent = new AtomicLong();
    private volatile Instant authHoldUntil = Instant.EPOCH;

    CallSender(EightByEightClient client, EightByEightResilience resilience, EightByEightHealth health,
            DispatchMetrics metrics, Outbox outbox, DispatchProperties settings, Duration callTimeout,
            Clock clock, ClaimGate gate) {
        this.gate = gate;
        this.client = client;
        this.resilience = resilience;
        this.health = health;
        this.metrics = metrics;
        this.outbox = outbox;
        this.settings = settings;
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

    SendOutcome send(ClaimedMessage claimed, BooleanSupplier running) {
        ClaimedMessage m = claimed;
        CircuitBreaker breaker = resilience.circuitBreaker();
        Retry.Context<SendResult> retry = resilience.retry().context();
        List<AttemptView> rows = new ArrayList<>();
        int posts = 0;
        SendResult result = null;
        while (true) {
            Instant now = clock.instant();
            if (!running.getAsBoolean()) {
                return new SendOutcome(m, result, posts, defer(STOPPED_BEFORE_SENDING, now), rows, false);
            }
            if (!now.isBefore(m.validUntil())) {
                return new SendOutcome(m, result, posts, null, rows, false);
            }
            if (!(m.schedule().callAt(now) instanceof CallSchedule.Go)) {
                // A due row can still be outside its window: it closed while the row waited behind a backlog, or
                // between two in-process tries. The recorder moves it to the next opening.
                return new SendOutcome(m, result, posts, defer(NOT_NOW, now), rows, false);
            }
            // The permit comes first and may take a while (timeout-duration): wait only as long as the lease still
            // leaves room for a whole call, so a POST never starts when the lease could run out under it.
            Duration room = DispatchPolicy.permitRoom(now, m.leaseUntil(), callTimeout);
            if (room.isNegative() || room.isZero()) {
                return new SendOutcome(m, result, posts, defer(LEASE_TOO_SHORT, now), rows, false);
            }
            if (posts > 0 && !gate.retryPermit()) {
                // The first POST's permit came with the claim; an in-process retry needs one of the shared ones too.
                return new SendOutcome(m, result, posts, new SendOutcome.Deferral(NO_RATE_PERMIT,
                        now.plus(gate.untilNextPermit()), WaitingFor.RATE_LIMIT), rows, false);
            }
            // Resilience4j's limiter stays as local smoothing only: 8x8's limit for all instances is the gate's.
            long wait = resilience.rateLimiter().reservePermission();
            if (wait < 0 || wait > room.toNanos()) {
                // A reserved but unused permit only means one call fewer in that period, never one more.
                Instant until = wait < 0 ? now.plus(settings.pollInterval()) : now.plusNanos(wait);
                return new SendOutcome(m, result, posts, new SendOutcome.Deferral(NO_RATE_PERMIT, until,
                        WaitingFor.RATE_LIMIT), rows, false);
            }
            if (wait > 0 && !sleepNanos(wait)) {
                return new SendOutcome(m, result, posts, defer(STOPPED_BEFORE_SENDING, clock.instant()), rows,
                        false);
            }
            now = clock.instant();
            if (!running.getAsBoolean()) {
                return new SendOutcome(m, result, posts, defer(STOPPED_BEFORE_SENDING, now), rows, false);
            }
            if (!now.plus(callTimeout).isBefore(m.leaseUntil())) {
                // Re-checked after the wait: the sweep may act on the message once the lease passes.
                return new SendOutcome(m, result, posts, defer(LEASE_TOO_SHORT, now), rows, false);
            }
            // Re-checked after the permit wait, which the window may not have outlasted.
            if (!(m.schedule().callAt(now) instanceof CallSchedule.Go go)) {
                return new SendOutcome(m, result, posts, defer(NOT_NOW, now), rows, false);
            }
            if (!breaker.tryAcquirePermission()) {
                Instant halfOpen = resilience.halfOpenAt();
                return new SendOutcome(m, result, posts, new SendOutcome.Deferral("8x8 circuit breaker open: not sent",
                        halfOpen.isAfter(now) ? halfOpen : now.plus(settings.pollInterval()), WaitingFor.RETRY_BACKOFF),
                        rows, false);
            }
            // Before every POST, retries included: a summary may have settled the call or planned the next one
            // during the retry wait, and then the row is no longer ours to send.
            Instant markedAt = clock.instant();
            ClaimedMessage marked;
            try {
                marked = outbox.markPostStarted(m, markedAt);
            } catch (DataAccessException | TransactionException e) {
                breaker.releasePermission();
                log.warn("Could not record that a POST for message {} begins; not sent: {}", m.id(),
                        e.getClass().getSimpleName());
                return new SendOutcome(m, result, posts, defer("database unavailable before the POST: not sent",
                        markedAt), rows, false);
            }
            if (marked == null) {
                breaker.releasePermission();
                return new SendOutcome(m, result, posts, null, rows, true);
            }
            m = marked;
            Instant started = clock.instant();
            long t0 = System.nanoTime();
            // 8x8 must not start the call after the window's close either.
            result = client.send(m.until(go.validUntil()));
            long nanos = System.nanoTime() - t0;
            posts++;
            sent.incrementAndGet();
            AttemptOutcome outcome = account(result, breaker, nanos);
            rows.add(new AttemptView(m.callNumber(), m.attempts() + posts - 1, started,
                    (int) TimeUnit.NANOSECONDS.toMillis(nanos), result.httpStatus(), result.statusCode(),
                    result.statusMessage(), outcome.name(),
                    result instanceof SendResult.Created ? null : result.describe()));
            boolean again = DispatchPolicy.mayRetryInProcess(m, result, posts, clock.instant(), callTimeout,
                    settings.maxAttempts()) && running.getAsBoolean();
            if (!again || !retry.onResult(result)) {
                retry.onComplete();
                return new SendOutcome(m, result, posts, null, rows, false);
            }
        }
    }

    /** Feeds the breaker, health and meters with one answer. */
    private AttemptOutcome account(SendResult result, CircuitBreaker breaker, long nanos) {
        AttemptOutcome outcome = AttemptOutcome.of(result);
        switch (outcome) {
            case SUBMITTED -> {
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                health.authWorks();
            }
            case REJECTED -> {
                // 8x8 is up and judged the callflow: not a failure for the breaker.
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                health.authWorks();
                health.error(result.describe());
            }
            case AUTH_ERROR -> {
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                health.authFailed(result.describe());
                authHoldUntil = clock.instant().plus(settings.authFailureBackoff());
            }
            default -> {
                // Retryable or Unknown: 8x8 unreachable, overloaded or silent.
                breaker.onError(nanos, TimeUnit.NANOSECONDS, new EightByEightUnavailable(result.describe()));
                health.error(result.describe());
            }
        }
        metrics.attempt(outcome);
        metrics.latency(outcome, nanos);
        return outcome;
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

    /** What the breaker counts as a failure: 8x8 unreachable or not answering. */
    static final class EightByEightUnavailable extends RuntimeException {
        EightByEightUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
