package com.example.voicegateway.reconcile;

import com.example.voicegateway.config.GatewayProperties;
import com.example.voicegateway.message.SummaryWindowSweep;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the SUBMITTED call's last resort ({@link SummaryWindowSweep}) every minute, whether reconciliation runs or
 * not, with {@code gateway.dispatch.summary-window}.
 */
@Component
class LastResortSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LastResortSweep.class);
    static final Duration EVERY = Duration.ofMinutes(1);

    private final SummaryWindowSweep ledger;
    private final ReconcileMetrics metrics;
    private final Duration window;
    private final Clock clock;
    private ScheduledExecutorService executor;

    LastResortSweep(SummaryWindowSweep ledger, ReconcileMetrics metrics, GatewayProperties properties, Clock clock) {
        this.ledger = ledger;
        this.metrics = metrics;
        this.window = properties.dispatch().summaryWindow();
        this.clock = clock;
    }

    /** FAILs a batch of SUBMITTED calls past the window; returns their message ids. */
    List<UUID> sweep() {
        List<UUID> failed = ledger.failUnreported(clock.instant(), window);
        if (!failed.isEmpty()) {
            failed.forEach(id -> metrics.lastResort("SUBMITTED"));
            log.warn("{} SUBMITTED call(s) had no session summary or export within {} after validUntil; now FAILED",
                    failed.size(), window);
        }
        return failed;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "summary-window-sweep");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("Summary-window sweep failed: {}", e.getClass().getSimpleName());
            }
        }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
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
