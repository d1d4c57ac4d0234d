package com.example.voicegateway.reconcile;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Looks every minute (or every interval, if shorter) whether an export is due; the due times are in the database,
 * so instances started at different moments still share one rhythm. Ops' "run now" goes through the same thread.
 */
class ReconcileSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReconcileSchedule.class);
    static final Duration MAX_TICK = Duration.ofMinutes(1);

    private final Reconciler reconciler;
    private final Duration tick;
    private ScheduledExecutorService executor;

    ReconcileSchedule(Reconciler reconciler, Duration interval) {
        this.reconciler = reconciler;
        this.tick = interval.compareTo(MAX_TICK) < 0 ? interval : MAX_TICK;
    }

    /** Queues a reconciliation now; false when this instance is not running one. */
    synchronized boolean requestNow() {
        if (executor == null) {
            return false;
        }
        executor.execute(() -> safely(reconciler::reconcileNow));
        return true;
    }

    private void safely(java.util.function.Supplier<Reconciler.Result> work) {
        try {
            Reconciler.Result result = work.get();
            if (result == Reconciler.Result.BUSY) {
                log.debug("Another instance is reconciling");
            }
        } catch (RuntimeException e) {
            log.warn("Reconciliation tick failed: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "reconcile-" + reconciler.instance());
            thread.setDaemon(true);
            return thread;
        });
        long millis = tick.toMillis();
        executor.scheduleWithFixedDelay(() -> safely(reconciler::tick), millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
