package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.CallRetries;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.MessagesQueued;
import com.example.voicegateway.message.DueQueue;
import com.example.voicegateway.message.Outbox;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

/**
 * The outbox worker's claim loop and lifecycle. One coordinator thread claims due messages (one short transaction)
 * and hands each to a bounded pool, where {@link CallSender} places the call with no transaction open and
 * {@link OutcomeRecorder} writes what came of it, guarded by the version the claim returned. The coordinator sleeps
 * until a wake-up (a local {@link MessagesQueued}, a PostgreSQL NOTIFY, a freed pool slot) or until the next retry
 * is due, at most one poll interval. The sweeps are {@link Sweeper}'s, on Spring's scheduler.
 */
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Outbox outbox;
    private final DueQueue queue;
    private final ClaimGate gate;
    private final EightByEightResilience resilience;
    private final DispatchMetrics metrics;
    private final CallSender sender;
    private final OutcomeRecorder recorder;
    private final DispatchProperties settings;
    private final Duration lease;
    private final Duration shutdownTimeout;
    private final Clock clock;
    private final String owner;

    private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
    private final Semaphore slots;
    private volatile boolean running;
    private volatile boolean waitingForSlot;
    private Thread coordinator;
    private ExecutorService pool;

    Dispatcher(Outbox outbox, DueQueue queue, EightByEightClient client, EightByEightResilience resilience,
            EightByEightHealth health, DispatchMetrics metrics, ApplicationEventPublisher events,
            DispatchProperties settings, CallRetries retry, EightByEightProperties eightByEight, Clock clock, String owner,
            ClaimGate gate, Placement placement) {
        this.outbox = outbox;
        this.queue = queue;
        this.gate = gate;
        this.resilience = resilience;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.owner = owner;
        // Derived from the timeouts, so a slow but live call (retried in process) never outlives its lease.
        this.lease = eightByEight.lease();
        this.shutdownTimeout = eightByEight.shutdownTimeout();
        this.sender = new CallSender(client, resilience, health, metrics, outbox, settings, retry,
                eightByEight.callTimeout(), clock, gate, placement);
        this.recorder = new OutcomeRecorder(outbox, metrics, events, retry, clock, this::wake);
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
        return sender.sent();
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
        Duration pause = pause(now);
        if (pause != null) {
            awaitWake(min(pause, settings.pollInterval()));
            return;
        }
        int want = wanted(slots.availablePermits());
        if (want == 0) {
            waitingForSlot = true;
            awaitWake(settings.pollInterval());
            waitingForSlot = false;
            return;
        }
        ClaimGate.Claim claim = claim(now, want);
        if (claim.rateUsedUp()) {
            // 8x8's rate, shared by every instance, has no permit left this instant.
            awaitWake(gate.untilNextPermit());
            return;
        }
        handOver(claim.messages());
        if (claim.drained()) {
            // The claim's own "now": a row that fell due since then must not be skipped for a whole poll.
            Instant due = queue.nextDueAt(now);
            Duration wait = settings.pollInterval();
            if (due != null) {
                wait = min(wait, max(Duration.between(clock.instant(), due), Duration.ofMillis(1)));
            }
            log.debug("Nothing more due; next in {}", wait);
            awaitWake(wait);
        }
    }

    /**
     * One claim at the clock's now and each claimed call placed and recorded on the calling thread, with no pool and
     * no waiting: tests step the dispatcher with it on a clock they move, and assert what the step did instead of
     * watching a running loop for a while. The same pause and breaker rules as {@link #claimOnce}, all pool slots
     * counted free; a step the pause, the breaker or 8x8's rate holds back claims nothing.
     *
     * @return how many calls the step claimed (each was then sent, or deferred, and recorded)
     */
    int runOnce() {
        Instant now = clock.instant();
        if (pause(now) != null) {
            return 0;
        }
        int want = wanted(settings.poolSize());
        if (want == 0) {
            return 0;
        }
        List<ClaimedMessage> claimed = claim(now, want).messages();
        claimed.forEach(message -> dispatch(message, () -> true));
        return claimed.size();
    }

    /** How many to claim with {@code free} pool slots. */
    private int wanted(int free) {
        int want = Math.min(DispatchProperties.BATCH_SIZE, free);
        CircuitBreaker.State state = resilience.circuitBreaker().getState();
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN) {
            // Probing a recovering 8x8: only the breaker's probe calls, and only when none is still out.
            want = free < settings.poolSize() ? 0 : resilience.permittedNow(want);
        }
        return want;
    }

    private ClaimGate.Claim claim(Instant now, int want) {
        ClaimGate.Claim claim = gate.claim(owner, now, now.plus(lease), want);
        if (log.isDebugEnabled() && !claim.messages().isEmpty()) {
            log.debug("Claimed {} message(s)", claim.messages().size());
        }
        return claim;
    }

    /** Gives each claimed message to the pool; one the pool refuses (it was shut down) was never sent. */
    void handOver(List<ClaimedMessage> claimed) {
        for (ClaimedMessage message : claimed) {
            slots.acquireUninterruptibly();
            try {
                pool.execute(() -> {
                    try {
                        dispatch(message, () -> running);
                    } finally {
                        slots.release();
                        if (waitingForSlot) {
                            wake();
                        }
                    }
                });
            } catch (RejectedExecutionException shutDown) {
                // stop() gave up waiting for a slow claim and shut the pool: the row is SENDING but nothing went
                // out, so it goes back to the queue rather than to the lease sweep (UNKNOWN, then FAILED).
                slots.release();
                try {
                    recorder.finish(message, new Outbox.Outcome(CallStatus.QUEUED, -1, clock.instant(),
                            CallSender.STOPPED_BEFORE_SENDING, null, null), clock.instant(), List.of());
                } catch (RuntimeException e) {
                    // The class only: a driver message can quote the row, phone numbers included.
                    log.error("Could not put unsent message {} back to QUEUED; the lease sweep will settle it: {}",
                            message.id(), e.getClass().getSimpleName());
                }
            }
        }
    }

    private Duration pause(Instant now) {
        Instant authHoldUntil = sender.authHoldUntil();
        if (now.isBefore(authHoldUntil)) {
            return Duration.between(now, authHoldUntil);
        }
        return resilience.pauseForBreaker(now);
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

    /** Sends one claimed message and records what came of it; {@code going}: false once stopping. */
    private void dispatch(ClaimedMessage m, BooleanSupplier going) {
        try {
            if (m.suppressedBy() != null) {
                // Its number went on a do-not-call list after the message was accepted: never posted.
                outbox.recordSuppressed(m, clock.instant());
                return;
            }
            recorder.record(sender.send(m, going));
        } catch (RuntimeException e) {
            // Left SENDING: the lease sweep makes it UNKNOWN if a POST began, else queues it again.
            log.error("Could not record the outcome of message {}; the lease sweep will settle it: {}", m.id(),
                    e.getClass().getSimpleName());
        }
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
        log.info("Dispatcher {} started (pool {}, batch {})", owner, settings.poolSize(), DispatchProperties.BATCH_SIZE);
    }

    @Override
    public void stop() {
        running = false;
        wake();
        try {
            coordinator.join(shutdownTimeout.toMillis());
            pool.shutdown();
            if (!pool.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // Not interrupted: those rows stay SENDING and the lease sweep makes them UNKNOWN, never re-sent.
                log.warn("Dispatcher {}: calls still in flight after {}; left SENDING for the lease sweep", owner,
                        shutdownTimeout);
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

}
