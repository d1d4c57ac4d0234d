package com.example.voicegateway.reconcile;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Looks every minute (or every interval, when that is shorter) whether an export is due; the due times are in the
 * database, so instances started at different moments still share one rhythm, and {@link Reconciler} holds the
 * cluster-wide lock. Ops' "run now" goes to the same scheduler, so the request answers at once.
 */
class ReconcileSchedule {

    private static final Logger log = LoggerFactory.getLogger(ReconcileSchedule.class);

    private final Reconciler reconciler;
    private final TaskScheduler scheduler;

    ReconcileSchedule(Reconciler reconciler, TaskScheduler scheduler) {
        this.reconciler = reconciler;
        this.scheduler = scheduler;
    }

    /**
     * Queues a reconciliation now; the bean exists only where reconciliation runs. "Now" by the scheduler's own
     * clock, the one it measures the delay with (the application's {@code Clock} may be a test's, hours away).
     *
     * @throws org.springframework.core.task.TaskRejectedException when the scheduler is shutting down
     */
    boolean requestNow() {
        scheduler.schedule(() -> safely(reconciler::reconcileNow), scheduler.getClock().instant());
        return true;
    }

    /**
     * Every minute, far below the reconciliation interval, so a due run starts soon; every interval when that is
     * shorter (the sandbox's, {@code gateway.reconcile.interval}).
     */
    @Scheduled(initialDelayString = ReconcileProperties.TICK_MILLIS, fixedDelayString = ReconcileProperties.TICK_MILLIS)
    void tick() {
        safely(reconciler::tick);
    }

    private static void safely(Supplier<Reconciler.Result> work) {
        try {
            Reconciler.Result result = work.get();
            if (result == Reconciler.Result.BUSY) {
                log.debug("Another instance is reconciling");
            }
        } catch (RuntimeException e) {
            log.warn("Reconciliation tick failed: {}", e.getClass().getSimpleName());
        }
    }
}
