package com.example.voicegateway.callback;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers due callback events: a poller claims them ({@code SKIP LOCKED}, so instances never share one) and a pool
 * of its own sends them, apart from dispatch. A worker takes no more events than it has free threads, and no more per
 * receiving host than {@code max-per-host}, so a slow or dead receiver ties up its own share and nothing else.
 */
@Component
class CallbackWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CallbackWorker.class);

    private final CallbackStore store;
    private final CallbackAttempts attempts;
    private final CallbacksProperties settings;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private final Map<String, Integer> perHost = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running;
    private boolean failing;
    private ExecutorService pool;
    private Thread poller;

    @Autowired
    CallbackWorker(CallbackStore store, CallbackAttempts attempts, CallbacksProperties settings, Clock clock) {
        this(store, attempts, settings, clock, ManagementFactory.getRuntimeMXBean().getName() + "-"
                + UUID.randomUUID().toString().substring(0, 8));
    }

    CallbackWorker(CallbackStore store, CallbackAttempts attempts, CallbacksProperties settings, Clock clock,
            String owner) {
        this.store = store;
        this.attempts = attempts;
        this.settings = settings;
        this.clock = clock;
        this.owner = owner;
        // Connect and answer may each take the whole timeout; the lease must outlast both, or a slow but live
        // attempt would be claimed again elsewhere.
        this.lease = settings.timeout().multipliedBy(2).plusSeconds(30);
        this.pool = newPool();
    }

    /** Looks for due events now instead of at the next poll. */
    void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /** Claims what is due and what this worker has room for, and sends it; returns how many it claimed. */
    int claimAndSend() {
        List<CallbackStore.Claimed> claimed = claim();
        for (CallbackStore.Claimed event : claimed) {
            pool.execute(() -> run(event));
        }
        return claimed.size();
    }

    /** For tests: claims once and returns when those attempts are done. */
    int deliverDue() {
        List<CallbackStore.Claimed> claimed = claim();
        CompletableFuture.allOf(claimed.stream()
                .map(event -> CompletableFuture.runAsync(() -> run(event), pool))
                .toArray(CompletableFuture[]::new)).join();
        return claimed.size();
    }

    private synchronized List<CallbackStore.Claimed> claim() {
        int free = CallbacksProperties.POOL_SIZE - inFlight.get();
        if (free <= 0) {
            return List.of();
        }
        Map<String, Integer> busy = new HashMap<>();
        perHost.forEach((host, n) -> busy.put(host, Math.max(0, CallbacksProperties.MAX_PER_HOST - n)));
        Instant now = clock.instant();
        List<CallbackStore.Claimed> claimed = store.claim(owner, now, now.plus(lease),
                Math.min(free, CallbacksProperties.BATCH_SIZE), CallbacksProperties.MAX_PER_HOST, busy);
        // Counted here, before any is sent, so the next claim sees these slots as taken.
        for (CallbackStore.Claimed event : claimed) {
            inFlight.incrementAndGet();
            perHost.merge(event.host(), 1, Integer::sum);
        }
        return new ArrayList<>(claimed);
    }

    private void run(CallbackStore.Claimed event) {
        try {
            attempts.attempt(event, owner);
        } catch (RuntimeException e) {
            // attempt() stores every outcome it can; this is the guard that keeps the pool's thread, and the slot.
            log.warn("Callback {}: attempt ended unexpectedly ({}); retried when its lease ends", event.id(),
                    e.getClass().getName());
        } finally {
            perHost.computeIfPresent(event.host(), (host, n) -> n <= 1 ? null : n - 1);
            inFlight.decrementAndGet();
            // A slot is free and the message's next event may now be due.
            wake();
        }
    }

    private void poll() {
        while (running) {
            boolean full = false;
            try {
                int room = Math.min(CallbacksProperties.POOL_SIZE - inFlight.get(), CallbacksProperties.BATCH_SIZE);
                full = room > 0 && claimAndSend() == room;
                if (failing) {
                    failing = false;
                    log.info("Callback claims work again");
                }
            } catch (RuntimeException e) {
                // Once per outage: a database that is down would otherwise log a line every poll interval.
                if (!failing) {
                    failing = true;
                    log.warn("Callback claim failed ({}); trying again every {}", e.getClass().getSimpleName(),
                            settings.pollInterval());
                }
            }
            if (!full) {
                try {
                    wakeups.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeups.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private ExecutorService newPool() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(CallbacksProperties.POOL_SIZE, CallbacksProperties.POOL_SIZE, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "callback-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (pool.isShutdown()) {
            pool = newPool();
        }
        running = true;
        poller = new Thread(this::poll, "callback-poller");
        poller.setDaemon(true);
        poller.start();
        log.info("Callback worker {} started (pool {}, {} per host)", owner, CallbacksProperties.POOL_SIZE, CallbacksProperties.MAX_PER_HOST);
    }

    @Override
    public void stop() {
        running = false;
        wake();
        try {
            if (poller != null) {
                poller.join(lease.toMillis());
            }
            pool.shutdown();
            if (!pool.awaitTermination(settings.timeout().multipliedBy(2).toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                log.warn("Callback worker {}: attempts still in flight at shutdown; retried when their lease ends", owner);
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
    public boolean isAutoStartup() {
        return settings.enabled();
    }

    @Override
    public int getPhase() {
        // Stops after the web server, like dispatch, while the database pool is still there.
        return SmartLifecycle.DEFAULT_PHASE - 8192;
    }
}
