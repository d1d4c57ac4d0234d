package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.DispatchProperties;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.message.AttemptView;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.MessagesQueued;
import com.example.voicegateway.message.PhoneNumbers;
import com.example.voicegateway.message.SessionRecorded;
import com.example.voicegateway.schedule.CallSchedule;
import com.example.voicegateway.schedule.WaitingFor;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * The outbox worker. One coordinator thread claims due messages (one short transaction), hands each to a bounded
 * pool that calls 8x8 with no transaction open, and each call's outcome is written in a second short transaction
 * guarded by the version the claim returned. The coordinator sleeps until a wake-up (a local {@link MessagesQueued},
 * a PostgreSQL NOTIFY, a freed pool slot) or until the next retry is due, at most one poll interval.
 */
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    static final String EXPIRED_BEFORE_SENDING = "validUntil passed before the callflow was sent";
    static final String STOPPED_BEFORE_SENDING = "dispatcher stopping before the callflow was sent";
    static final String NO_RATE_PERMIT = "8x8 rate limit: no permit while the lease still had room for the call,"
            + " not sent";
    static final String NOT_NOW = "outside the delivery window or before sendAt: not sent";
    static final String LEASE_EXPIRED = "outcome unknown: the lease expired while SENDING (the gateway stopped or"
            + " hung mid-send); never re-sent, waiting for 8x8's session summary";

    private final DispatchStore store;
    private final EightByEightClient client;
    private final EightByEightResilience resilience;
    private final EightByEightHealth health;
    private final DispatchMetrics metrics;
    private final ApplicationEventPublisher events;
    private final DispatchProperties settings;
    private final Duration callTimeout;
    private final Clock clock;
    private final String owner;

    private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
    private final Semaphore slots;
    private final AtomicInteger notStarted = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean running;
    private volatile boolean waitingForSlot;
    private volatile Instant authHoldUntil = Instant.EPOCH;
    private Instant nextSweepAt = Instant.EPOCH;
    private Thread coordinator;
    private ExecutorService pool;

    Dispatcher(DispatchStore store, EightByEightClient client, EightByEightResilience resilience,
            EightByEightHealth health, DispatchMetrics metrics, ApplicationEventPublisher events,
            DispatchProperties settings, EightByEightProperties eightByEight, Clock clock, String owner) {
        this.store = store;
        this.client = client;
        this.resilience = resilience;
        this.health = health;
        this.metrics = metrics;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.owner = owner;
        this.callTimeout = eightByEight.connectTimeout().plus(eightByEight.readTimeout());
        if (settings.lease().compareTo(callTimeout) <= 0) {
            throw new IllegalStateException("gateway.dispatch.lease (" + settings.lease() + ") must exceed"
                    + " gateway.eightbyeight.connect-timeout + read-timeout (" + callTimeout + ")");
        }
        this.slots = new Semaphore(settings.poolSize());
    }

    /** Local intake committed new messages. */
    @EventListener
    void onMessagesQueued(MessagesQueued queued) {
        wake();
    }

    void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    /** Callflows this dispatcher has POSTed (tests compare two dispatchers with it). */
    long sent() {
        return sent.get();
    }

    // ---- the coordinator -------------------------------------------------------------------------------------

    private void coordinate() {
        boolean failing = false;
        while (running) {
            try {
                claimOnce();
                if (failing) {
                    log.info("Dispatch cycle works again");
                    failing = false;
                }
            } catch (RuntimeException e) {
                // The database is down or restarting: nothing is lost, the rows wait; try again after a poll.
                if (!failing) {
                    log.warn("Dispatch cycle failed, retrying every {} until it works: {}", settings.pollInterval(),
                            e.toString());
                    failing = true;
                }
                awaitWake(settings.pollInterval());
            }
        }
    }

    private void claimOnce() {
        Instant now = clock.instant();
        if (!now.isBefore(nextSweepAt)) {
            nextSweepAt = now.plus(settings.pollInterval());
            sweep(now);
        }
        Duration pause = pause(now);
        if (pause != null) {
            awaitWake(min(pause, settings.pollInterval()));
            return;
        }
        int free = slots.availablePermits();
        int want = Math.min(settings.batchSize(), free);
        CircuitBreaker.State state = resilience.circuitBreaker().getState();
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN) {
            // Probing a recovering 8x8: only the breaker's probe calls, and only when none is still out.
            want = free < settings.poolSize() ? 0 : resilience.permittedNow(want);
        }
        if (want == 0) {
            waitingForSlot = true;
            awaitWake(settings.pollInterval());
            waitingForSlot = false;
            return;
        }
        // No more than can get a rate permit now: a message claimed ahead of its permit holds a pool slot and a
        // place in the permit queue, and a HIGH message claimed after it would wait behind all of them. Handed-over
        // messages whose worker has not yet reserved its permit are counted as if it had.
        int permits = Math.max(0, resilience.permitsLeftNow() - notStarted.get());
        if (permits == 0) {
            awaitWake(min(resilience.untilNextPermit(), settings.pollInterval()));
            return;
        }
        want = Math.min(want, permits);
        List<ClaimedMessage> claimed = store.claim(owner, now, now.plus(settings.lease()), want);
        if (log.isDebugEnabled() && !claimed.isEmpty()) {
            log.debug("Claimed {} message(s)", claimed.size());
        }
        handOver(claimed);
        if (claimed.size() < want) {
            // The claim's own "now": a row that fell due since then must not be skipped for a whole poll.
            Instant due = store.nextDueAt(now);
            Duration wait = settings.pollInterval();
            if (due != null) {
                wait = min(wait, max(Duration.between(clock.instant(), due), Duration.ofMillis(1)));
            }
            log.debug("Nothing more due; next in {}", wait);
            awaitWake(wait);
        }
    }

    /** Gives each claimed message to the pool; one the pool refuses (it was shut down) was never sent. */
    void handOver(List<ClaimedMessage> claimed) {
        for (ClaimedMessage message : claimed) {
            slots.acquireUninterruptibly();
            notStarted.incrementAndGet();
            try {
                pool.execute(() -> {
                    notStarted.decrementAndGet();
                    try {
                        dispatch(message);
                    } finally {
                        slots.release();
                        if (waitingForSlot) {
                            wake();
                        }
                    }
                });
            } catch (RejectedExecutionException shutDown) {
                notStarted.decrementAndGet();
                // stop() gave up waiting for a slow claim and shut the pool: the row is SENDING but nothing went
                // out, so it goes back to the queue rather than to the lease sweep (UNKNOWN, then FAILED).
                slots.release();
                try {
                    finish(message, new DispatchStore.Outcome(MessageStatus.QUEUED, -1, clock.instant(),
                            STOPPED_BEFORE_SENDING, null, null), clock.instant(), List.of());
                } catch (RuntimeException e) {
                    log.error("Could not put unsent message {} back to QUEUED; the lease sweep will settle it",
                            message.id(), e);
                }
            }
        }
    }

    private Duration pause(Instant now) {
        if (now.isBefore(authHoldUntil)) {
            return Duration.between(now, authHoldUntil);
        }
        return resilience.pauseForBreaker(now);
    }

    private void sweep(Instant now) {
        List<UUID> expired = store.expireQueued(now, EXPIRED_BEFORE_SENDING);
        expired.forEach(id -> metrics.attempt("EXPIRED"));
        List<UUID> lost = store.expireLeases(now, LEASE_EXPIRED);
        if (!lost.isEmpty()) {
            lost.forEach(id -> metrics.attempt("UNKNOWN"));
            log.warn("{} message(s) were SENDING past their lease and are now UNKNOWN (never re-sent): {}",
                    lost.size(), lost.size() > 10 ? lost.subList(0, 10) + "..." : lost);
        }
        List<UUID> unsettled = store.failUnsettled(now, now.minus(settings.unknownOutcomeWindow()),
                "outcome unknown: no session summary arrived within " + settings.unknownOutcomeWindow());
        if (!unsettled.isEmpty()) {
            log.warn("{} UNKNOWN message(s) had no session summary within {} and are now FAILED",
                    unsettled.size(), settings.unknownOutcomeWindow());
        }
    }

    private void awaitWake(Duration timeout) {
        try {
            wakeups.poll(Math.max(1, (timeout.toNanos() + 999_999) / 1_000_000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    // ---- one message -----------------------------------------------------------------------------------------

    void dispatch(ClaimedMessage m) {
        try {
            send(m);
        } catch (RuntimeException e) {
            // Left SENDING: the lease sweep makes it UNKNOWN, the only safe guess if a callflow may have gone out.
            log.error("Could not record the outcome of message {}; the lease sweep will settle it", m.id(), e);
        }
    }

    /**
     * Runs an outcome write, again after a short backoff while it fails (PostgreSQL restarting) and the lease lasts.
     * Without this a message never sent, or refused by 8x8, would stay SENDING and end UNKNOWN, then FAILED. Every
     * write is guarded by the claim's version and {@code status = 'SENDING'}, so a retry cannot overwrite what the
     * sweep or a summary wrote meanwhile.
     */
    private <T> T persist(ClaimedMessage m, Supplier<T> write) {
        long delayMillis = 50;
        for (int failures = 1; ; failures++) {
            try {
                return write.get();
            } catch (DataAccessException | TransactionException e) {
                Instant retryAt = clock.instant().plusMillis(delayMillis);
                if (!retryAt.isBefore(m.leaseUntil()) || !sleepNanos(TimeUnit.MILLISECONDS.toNanos(delayMillis))) {
                    throw e;
                }
                if (failures == 1) {
                    // The class only: a driver message can quote the row, phone numbers included.
                    log.warn("Recording the outcome of message {} failed, retrying until its lease ends: {}", m.id(),
                            e.getClass().getSimpleName());
                }
                delayMillis = Math.min(1000, delayMillis * 2);
            }
        }
    }

    /** Sleeps; false when interrupted (the dispatcher is being torn down). */
    private static boolean sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void send(ClaimedMessage m) {
        CircuitBreaker breaker = resilience.circuitBreaker();
        Retry.Context<SendResult> retry = resilience.retry().context();
        List<AttemptView> rows = new ArrayList<>();
        int posts = 0;
        SendResult result = null;
        String deferReason = null;
        Instant deferUntil = null;
        WaitingFor deferFor = null;
        while (true) {
            Instant now = clock.instant();
            if (!running) {
                deferReason = STOPPED_BEFORE_SENDING;
                deferUntil = now;
                break;
            }
            if (!now.isBefore(m.validUntil())) {
                break;
            }
            if (!(m.schedule().callAt(now) instanceof CallSchedule.Go)) {
                // A due row can still be outside its window: it closed while the row waited behind a backlog.
                deferReason = NOT_NOW;
                deferUntil = now;
                break;
            }
            // The permit comes first and may take a while (timeout-duration): wait only as long as the lease still
            // leaves room for a whole call, so a POST never starts when the lease could run out under it.
            Duration room = Duration.between(now, m.leaseUntil()).minus(callTimeout);
            if (room.isNegative() || room.isZero()) {
                deferReason = "lease too short for another call: not sent";
                deferUntil = now;
                break;
            }
            long wait = resilience.rateLimiter().reservePermission();
            if (wait < 0 || wait > room.toNanos()) {
                // A reserved but unused permit only means one call fewer in that period, never one more.
                deferReason = NO_RATE_PERMIT;
                deferFor = WaitingFor.RATE_LIMIT;
                deferUntil = wait < 0 ? now.plus(settings.pollInterval()) : now.plusNanos(wait);
                break;
            }
            if (wait > 0 && !sleepNanos(wait)) {
                deferReason = STOPPED_BEFORE_SENDING;
                deferUntil = clock.instant();
                break;
            }
            now = clock.instant();
            if (!running) {
                deferReason = STOPPED_BEFORE_SENDING;
                deferUntil = now;
                break;
            }
            if (!now.plus(callTimeout).isBefore(m.leaseUntil())) {
                // Re-checked after the wait: the sweep may declare the message UNKNOWN once the lease passes.
                deferReason = "lease too short for another call: not sent";
                deferUntil = now;
                break;
            }
            // Re-checked after the permit wait: the window may have closed meanwhile. finish() moves the row on.
            if (!(m.schedule().callAt(now) instanceof CallSchedule.Go go)) {
                deferReason = NOT_NOW;
                deferUntil = now;
                break;
            }
            if (!breaker.tryAcquirePermission()) {
                deferReason = "8x8 circuit breaker open: not sent";
                deferFor = WaitingFor.RETRY_BACKOFF;
                Instant halfOpen = resilience.halfOpenAt();
                deferUntil = halfOpen.isAfter(now) ? halfOpen : now.plus(settings.pollInterval());
                break;
            }
            Instant started = clock.instant();
            long t0 = System.nanoTime();
            result = client.send(m.until(go.validUntil()));
            long nanos = System.nanoTime() - t0;
            posts++;
            sent.incrementAndGet();
            String outcome = account(result, breaker, nanos);
            rows.add(new AttemptView(m.attempts() + posts - 1, started, (int) TimeUnit.NANOSECONDS.toMillis(nanos),
                    result.httpStatus(), result.statusCode(), result.statusMessage(), outcome,
                    result instanceof SendResult.Created ? null : result.describe()));
            boolean mayRetryHere = result instanceof SendResult.Retryable
                    && m.attempts() + posts - 1 < settings.maxAttempts()
                    && clock.instant().plus(callTimeout).plusSeconds(1).isBefore(m.leaseUntil())
                    && running;
            if (!mayRetryHere || !retry.onResult(result)) {
                retry.onComplete();
                break;
            }
        }
        record(m, result, posts, new Deferral(deferReason, deferUntil, deferFor), rows);
    }

    /** Why a claimed message goes back to the queue unsent, and until when; reason null: it was not deferred. */
    private record Deferral(String reason, Instant until, WaitingFor waitingFor) {
    }

    /** Feeds the breaker, health and meters with one answer; returns the attempt's outcome label. */
    private String account(SendResult result, CircuitBreaker breaker, long nanos) {
        String outcome;
        if (result instanceof SendResult.Created) {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            health.authWorks();
            outcome = "SUBMITTED";
        } else if (result instanceof SendResult.Rejected rejected) {
            // 8x8 is up and judged the callflow: not a failure for the breaker.
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            health.authWorks();
            health.error(rejected.describe());
            outcome = "REJECTED";
        } else if (result instanceof SendResult.AuthProblem auth) {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            health.authFailed(auth.describe());
            authHoldUntil = clock.instant().plus(settings.authFailureBackoff());
            outcome = "AUTH_ERROR";
        } else {
            // Retryable or Unknown: 8x8 unreachable, overloaded or silent.
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new EightByEightUnavailable(result.describe()));
            health.error(result.describe());
            outcome = result instanceof SendResult.Retryable ? "RETRY" : "UNKNOWN";
        }
        metrics.attempt(outcome);
        metrics.latency(outcome, nanos);
        return outcome;
    }

    private void record(ClaimedMessage m, SendResult result, int posts, Deferral deferral, List<AttemptView> rows) {
        String deferReason = deferral.reason();
        Instant now = clock.instant();
        // The claim counted one POST; every further POST counts, a POST that did not happen does not.
        int delta = posts - 1;
        if (result == null) {
            if (deferReason != null) {
                finish(m, new DispatchStore.Outcome(MessageStatus.QUEUED, delta, deferral.until(), deferReason, null,
                        null, deferral.waitingFor()), now, rows);
            } else {
                metrics.attempt("EXPIRED");
                finish(m, new DispatchStore.Outcome(MessageStatus.EXPIRED, delta, null, EXPIRED_BEFORE_SENDING, null,
                        null), now, rows);
            }
            return;
        }
        if (result instanceof SendResult.Created created) {
            if (persist(m, () -> store.finishSubmitted(m, created, delta, now, rows))) {
                events.publishEvent(new SessionRecorded(m.id(), created.sessionId()));
            }
        } else if (result instanceof SendResult.Rejected rejected) {
            log.info("Message {} to {} rejected by 8x8: {}", m.id(), PhoneNumbers.mask(m.destination()),
                    rejected.describe());
            finish(m, new DispatchStore.Outcome(MessageStatus.REJECTED, delta, null, rejected.describe(),
                    rejected.statusCode(), rejected.statusMessage()), now, rows);
        } else if (result instanceof SendResult.AuthProblem auth) {
            // Not the message's fault: back in the queue, and this POST does not count against it.
            finish(m, new DispatchStore.Outcome(MessageStatus.QUEUED, delta - 1,
                    earliest(now.plus(settings.authFailureBackoff()), m.validUntil()), auth.describe(), null, null,
                    WaitingFor.RETRY_BACKOFF), now, rows);
        } else if (result instanceof SendResult.Unknown unknown) {
            log.warn("Message {} to {}: {}; marked UNKNOWN, never re-sent", m.id(),
                    PhoneNumbers.mask(m.destination()), unknown.describe());
            finish(m, new DispatchStore.Outcome(MessageStatus.UNKNOWN, delta, null,
                    "outcome unknown: " + unknown.describe() + "; never re-sent, waiting for 8x8's session summary",
                    null, null), now, rows);
        } else if (result instanceof SendResult.Retryable retryable) {
            finish(m, retryLater(m, retryable, delta, deferral, now), now, rows);
        }
    }

    private DispatchStore.Outcome retryLater(ClaimedMessage m, SendResult.Retryable last, int delta,
            Deferral deferral, Instant now) {
        if (deferral.reason() != null) {
            // The breaker opened (or shutdown began, or the window closed) between in-process retries.
            return new DispatchStore.Outcome(MessageStatus.QUEUED, delta, deferral.until(),
                    last.describe() + "; " + deferral.reason(), null, null, deferral.waitingFor());
        }
        int made = m.attempts() + delta;
        if (made >= settings.maxAttempts()) {
            return new DispatchStore.Outcome(MessageStatus.FAILED, delta, null,
                    "gave up after " + made + " attempts; last: " + last.describe(), null, null);
        }
        Instant next = now.plus(backoff(made));
        if (last.retryAfter() != null && now.plus(last.retryAfter()).isAfter(next)) {
            next = now.plus(last.retryAfter());
        }
        if (!next.isBefore(m.validUntil())) {
            return new DispatchStore.Outcome(MessageStatus.EXPIRED, delta, null,
                    "validUntil passes before the next retry could be sent; last: " + last.describe(), null, null);
        }
        return new DispatchStore.Outcome(MessageStatus.QUEUED, delta, next, last.describe(), null, null,
                WaitingFor.RETRY_BACKOFF);
    }

    /** Exponential from backoff-base, capped at backoff-max, with part of it random so retries do not bunch up. */
    Duration backoff(int attemptsMade) {
        long base = settings.backoffBase().toMillis();
        long cap = settings.backoffMax().toMillis();
        long delay = base << Math.min(20, Math.max(0, attemptsMade - 1));
        delay = Math.min(cap, delay);
        double jitter = settings.backoffJitter() * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1, Math.round(delay * (1 - jitter))));
    }

    private void finish(ClaimedMessage m, DispatchStore.Outcome wanted, Instant now, List<AttemptView> rows) {
        DispatchStore.Outcome outcome = wanted.status() == MessageStatus.QUEUED ? reschedule(m, wanted, now) : wanted;
        DispatchStore.Conflict conflict = persist(m, () -> store.finish(m, outcome, now, rows));
        if (outcome.status() == MessageStatus.QUEUED) {
            // The coordinator may be asleep for a whole poll interval; let it see the new next_attempt_at.
            wake();
        }
        if (conflict != null) {
            log.info("Message {} moved to {} while it was being sent; outcome {} not applied", m.id(),
                    conflict.status(), outcome.status());
        }
    }

    /**
     * Every way back to the queue passes here, so no later attempt (retry, rate-limit or breaker wait) can land
     * before sendAt or outside the window: it moves to the next opening, or the message ends when that is too late.
     */
    private DispatchStore.Outcome reschedule(ClaimedMessage m, DispatchStore.Outcome queued, Instant now) {
        Instant wanted = queued.nextAttemptAt() == null || queued.nextAttemptAt().isBefore(now) ? now
                : queued.nextAttemptAt();
        CallSchedule.Verdict verdict = m.schedule().later(wanted, queued.waitingFor());
        if (verdict instanceof CallSchedule.Never never) {
            metrics.attempt("EXPIRED");
            String last = queued.lastError() == null || queued.lastError().equals(NOT_NOW) ? ""
                    : "; last: " + queued.lastError();
            return new DispatchStore.Outcome(MessageStatus.EXPIRED, queued.attemptsDelta(), null, never.why() + last,
                    null, null);
        }
        CallSchedule.Wait wait = (CallSchedule.Wait) verdict;
        return new DispatchStore.Outcome(MessageStatus.QUEUED, queued.attemptsDelta(), wait.until(),
                queued.lastError(), queued.statusCode(), queued.statusMessage(),
                wait.until().isAfter(now) ? wait.reason() : null);
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    @Override
    public void start() {
        running = true;
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(settings.poolSize(), settings.poolSize(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    // Daemon: a call still hanging after the shutdown timeout must not keep the JVM alive.
                    Thread t = new Thread(r, "dispatch-" + owner + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        coordinator = new Thread(this::coordinate, "dispatch-coordinator-" + owner);
        coordinator.setDaemon(true);
        coordinator.start();
        log.info("Dispatcher {} started (pool {}, batch {})", owner, settings.poolSize(), settings.batchSize());
    }

    @Override
    public void stop() {
        running = false;
        wake();
        try {
            coordinator.join(settings.shutdownTimeout().toMillis());
            pool.shutdown();
            if (!pool.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                // Not interrupted: those rows stay SENDING and the lease sweep makes them UNKNOWN, never re-sent.
                log.warn("Dispatcher {}: calls still in flight after {}; left SENDING for the lease sweep", owner,
                        settings.shutdownTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stops after the web server and intake, so messages accepted during shutdown are already stored.
        return SmartLifecycle.DEFAULT_PHASE - 8192;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** What the breaker counts as a failure: 8x8 unreachable or not answering. */
    static final class EightByEightUnavailable extends RuntimeException {
        EightByEightUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
