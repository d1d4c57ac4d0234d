package com.example.voicegateway.reconcile;

import com.example.voicegateway.config.EvidenceTimes;
import com.example.voicegateway.message.SummaryWindowSweep;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the SUBMITTED call's last resort ({@link SummaryWindowSweep}) every minute, whether reconciliation runs or
 * not, with config.EvidenceTimes.SUMMARY_WINDOW; one instance at a time.
 */
@Component
class LastResortSweep {

    private static final Logger log = LoggerFactory.getLogger(LastResortSweep.class);
    private final SummaryWindowSweep ledger;
    private final ReconcileMetrics metrics;
    private final Duration window;
    private final Clock clock;

    LastResortSweep(SummaryWindowSweep ledger, ReconcileMetrics metrics, Clock clock) {
        this.ledger = ledger;
        this.metrics = metrics;
        this.window = EvidenceTimes.SUMMARY_WINDOW;
        this.clock = clock;
    }

    @Scheduled(initialDelay = 1, fixedDelay = 1, timeUnit = TimeUnit.MINUTES)
    @SchedulerLock(name = "summary-window-sweep", lockAtMostFor = "PT10M")
    public void scheduledSweep() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Summary-window sweep failed: {}", e.getClass().getSimpleName());
        }
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
}
