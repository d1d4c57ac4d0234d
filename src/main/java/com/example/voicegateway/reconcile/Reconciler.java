package com.example.voicegateway.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which export is due and runs it, one at a time across instances (ShedLock's lock {@value #LOCK}, taken by
 * the scheduled look and by ops' "run now" alike). A reconciliation is due once per
 * interval (counted from the last one any instance started) when some call needs explaining; the cost export once
 * per UTC day, for the day before, once the day is {@code daily-cost-at} over.
 */
class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** Due calls per export at most; the rest wait for the next run (their export would be the same span anyway). */
    static final int MAX_CALLS = 5_000;
    static final String LOCK = "reconcile";

    /** What one tick did. */
    enum Result { RAN, NOTHING_DUE, BUSY }

    private final ReconcileStore store;
    private final ExportLog exports;
    private final ExportProcessor processor;
    private final SettlingRules rules;
    private final LockingTaskExecutor locks;
    private final Duration lockAtMostFor;
    private final Duration interval;
    private final Duration summaryGrace;
    private final Clock clock;
    private final String instance;

    Reconciler(ReconcileStore store, ExportLog exports, ExportProcessor processor, SettlingRules rules,
            LockingTaskExecutor locks, Duration interval, Duration summaryGrace, Clock clock, String instance) {
        this.store = store;
        this.exports = exports;
        this.processor = processor;
        this.rules = rules;
        this.locks = locks;
        // A run may wait for two exports (the reconciliation's and the day's cost) to their timeout. The lock outlives
        // that, and is extended while a run lasts longer (ReconcileConfiguration.LockKeepAlive), so a second instance
        // never starts alongside; a crashed holder's lock ends after it.
        this.lockAtMostFor = ReconcileProperties.EXPORT_TIMEOUT.multipliedBy(2).plusMinutes(10);
        this.interval = interval;
        this.summaryGrace = summaryGrace;
        this.clock = clock;
        this.instance = instance;
    }

    /** The scheduled look: whatever is due, if no other instance is at it. */
    Result tick() {
        return locked(false);
    }

    /** Ops asked: a reconciliation now, whatever the interval says (the daily export keeps its own rhythm). */
    Result reconcileNow() {
        return locked(true);
    }

    String instance() {
        return instance;
    }

    private Result locked(boolean force) {
        Result[] result = {Result.BUSY};
        // The lock's times are the database's (usingDbTime); the Instant here only names when it was asked for.
        locks.executeWithLock((Runnable) () -> {
            boolean ran = reconcileIfDue(force);
            ran |= dailyCostIfDue();
            result[0] = ran ? Result.RAN : Result.NOTHING_DUE;
        }, new LockConfiguration(Instant.now(), LOCK, lockAtMostFor, Duration.ZERO));
        return result[0];
    }

    private boolean reconcileIfDue(boolean force) {
        Instant now = clock.instant();
        Instant last = exports.lastStarted(ExportLog.Kind.RECONCILE);
        if (!force && last != null && last.plus(interval).isAfter(now)) {
            return false;
        }
        List<DueCall> due = store.due(now, summaryGrace, MAX_CALLS);
        if (due.isEmpty()) {
            return false;
        }
        Instant from = now;
        for (DueCall call : due) {
            Instant start = call.unknown() ? rules.windowStart(call) : call.attemptAt().minus(ReconcileProperties.MATCH_MARGIN);
            if (start.isBefore(from)) {
                from = start;
            }
        }
        long id = exports.start(ExportLog.Kind.RECONCILE, instance, now, from, now, null);
        log.info("Reconciling {} call(s) against 8x8's log export {} to {} (export {})", due.size(), from, now, id);
        run(id, ExportLog.Kind.RECONCILE, from, now, due);
        return true;
    }

    private boolean dailyCostIfDue() {
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now.minus(ReconcileProperties.DAILY_COST_AT), ZoneOffset.UTC).minusDays(1);
        if (exports.costDayDone(day)) {
            return false;
        }
        Instant lastTry = exports.lastCostAttempt(day);
        if (lastTry != null && lastTry.plus(interval).isAfter(now)) {
            return false;
        }
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (!store.anyCallsBetween(from, to)) {
            return false;
        }
        // Calls due now may be in yesterday's file too: the same verdicts apply to them.
        List<DueCall> due = store.due(now, summaryGrace, MAX_CALLS);
        long id = exports.start(ExportLog.Kind.DAILY_COST, instance, now, from, to, day);
        log.info("Daily cost export for {} (export {})", day, id);
        run(id, ExportLog.Kind.DAILY_COST, from, to, due);
        return true;
    }

    private void run(long id, ExportLog.Kind kind, Instant from, Instant to, List<DueCall> due) {
        try {
            processor.process(id, kind, from, to, due);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exports.finish(id, "ERROR", "the instance stopped while waiting for the export", ExportLog.Counts.NONE,
                    clock.instant());
        } catch (RuntimeException e) {
            // The database, most likely; the export row may stay unfinished, the next run starts afresh.
            log.warn("Log export {} broke off: {}", id, e.getClass().getSimpleName());
            log.debug("Log export {} broke off", id, e);
            try {
                exports.finish(id, "ERROR", "broke off: " + e.getClass().getSimpleName(), ExportLog.Counts.NONE,
                        clock.instant());
            } catch (RuntimeException ignored) {
                // already logged
            }
        }
    }
}
