package com.example.voicegateway.reconcile;

import com.example.voicegateway.config.GatewayProperties;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.LedgerEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SUBMITTED call's last resort, whether reconciliation runs or not: no session summary and no export settled it
 * {@code gateway.dispatch.summary-window} after validUntil, so it is FAILED, saying so, instead of waiting forever.
 */
@Component
class LastResortSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LastResortSweep.class);
    static final Duration EVERY = Duration.ofMinutes(1);

    private final NamedParameterJdbcTemplate jdbc;
    private final ReconcileMetrics metrics;
    private final Duration window;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final LedgerEvents events;
    private ScheduledExecutorService executor;

    LastResortSweep(NamedParameterJdbcTemplate jdbc, ReconcileMetrics metrics, GatewayProperties properties,
            Clock clock, TransactionTemplate transactions, LedgerEvents events) {
        this.transactions = transactions;
        this.events = events;
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.window = properties.dispatch().summaryWindow();
        this.clock = clock;
    }

    /** FAILs every SUBMITTED call past the window; returns their message ids. */
    List<UUID> sweep() {
        // Listed in ReconcileStore.MESSAGE_MOVES / CALL_MOVES ("summaryWindow"), checked by a test.
        Instant now = clock.instant();
        List<UUID> failed = transactions.execute(tx -> failAndReport(now));
        if (!failed.isEmpty()) {
            failed.forEach(id -> metrics.lastResort("SUBMITTED"));
            log.warn("{} SUBMITTED call(s) had no session summary or export within {} after validUntil; now FAILED",
                    failed.size(), window);
        }
        return failed;
    }

    /** One transaction: the calls' end and their callback events commit together. */
    private List<UUID> failAndReport(Instant now) {
        List<UUID> failed = jdbc.queryForList("""
                WITH m AS (
                    UPDATE voice_message
                       SET status = 'FAILED', last_error = :error, version = version + 1, updated_at = :now
                     WHERE id IN (SELECT id FROM voice_message WHERE status = 'SUBMITTED' AND valid_until < :before
                                  LIMIT 1000 FOR UPDATE SKIP LOCKED)
                    RETURNING id, current_call
                ), calls AS (
                    UPDATE voice_call c SET status = 'FAILED', ended_at = :now
                      FROM m WHERE c.message_id = m.id AND c.call_number = m.current_call AND c.status = 'SUBMITTED'
                )
                SELECT id FROM m
                """, new MapSqlParameterSource()
                .addValue("error", "8x8 never reported the end of the call: no session summary and no log export"
                        + " settled it within " + window + " after validUntil")
                .addValue("now", ReconcileStore.ts(now))
                .addValue("before", ReconcileStore.ts(now.minus(window))), UUID.class);
        failed.forEach(id -> events.publishIfFinal(id, MessageStatus.FAILED));
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
