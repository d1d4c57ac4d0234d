package com.example.voicegateway.message;

import static com.example.voicegateway.config.JdbcTime.instant;
import static com.example.voicegateway.config.JdbcTime.ts;

import com.example.voicegateway.message.internal.DispatchAttempts;
import com.example.voicegateway.message.internal.LedgerEvents;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's sweeps of the outbox, for every instance's rows: queued messages past their validUntil, leases a dead
 * or hung dispatcher left behind, and unknown outcomes no summary settled in time. Each is one bounded statement
 * ({@code SKIP LOCKED}, at most {@value #BATCH} rows) that moves the message and its current call together, like
 * {@link Outbox}'s writes, checks its message moves with {@link StatusGuards#require} and guards its call moves
 * with the state machine's list.
 */
@Component
public class OutboxSweeps {

    private static final int BATCH = 1000;

    /** A message whose current call a sweep ended, with that call's kind and number. */
    public record Ended(UUID id, CallKind kind, int callNumber) {
    }

    /** What the lease sweep did to one message. */
    public record Lost(UUID id, boolean postStarted) {
    }

    /**
     * How the lease sweep words what it did.
     *
     * @param unknownError   last error of a message whose POST may have begun (now UNKNOWN)
     * @param requeuedError  last error of a message no POST had begun for (queued again)
     * @param attemptOutcome the attempt row's outcome for a POST that may have begun
     */
    public record LeaseLoss(String unknownError, String requeuedError, String attemptOutcome) {
    }

    private final JdbcClient jdbc;
    private final DispatchAttempts attempts;
    private final TransactionTemplate transactions;
    private final LedgerEvents events;

    OutboxSweeps(JdbcClient jdbc, DispatchAttempts attempts, TransactionTemplate transactions, LedgerEvents events) {
        this.jdbc = jdbc;
        this.attempts = attempts;
        this.transactions = transactions;
        this.events = events;
    }

    /** Queued calls whose validUntil has passed: never placed, EXPIRED, and their messages with them. */
    public List<Ended> expireOverdue(Instant now, String lastError) {
        return end(CallStatus.QUEUED, CallStatus.EXPIRED, "valid_until <= ?", lastError, now, now);
    }

    /** Calls UNKNOWN since before {@code unknownSince} that no summary settled: FAILED, saying why. */
    public List<Ended> failUnsettled(Instant now, Instant unknownSince, String lastError) {
        // Reconciliation's flag is read inside the statement, so the sweep stays one bounded selection.
        return end(CallStatus.UNKNOWN, CallStatus.FAILED, """
                updated_at < ?
                   -- flagged by reconciliation: several calls in 8x8's log could be it; ops decide
                   AND NOT EXISTS (SELECT 1 FROM reconcile_flag f WHERE f.message_id = c.message_id
                                     AND f.call_number = c.call_number)""", lastError, now, unknownSince);
    }

    /**
     * Ends the selected current calls in {@code from} (at most a batch, skipping locked rows) in {@code to}, and their
     * messages with them, recording each one's events in the same transaction. The messages are locked first, as
     * every writer of a message and its calls locks them; the call's guard is read again after its lock.
     */
    private List<Ended> end(CallStatus from, CallStatus to, String selection, String lastError, Instant now,
            Instant selectionParameter) {
        StatusGuards.require(from, to);
        MessageStatus outcome = to.messageStatus();
        return transactions.execute(tx -> {
            List<Ended> ended = jdbc.sql("""
                    WITH locked AS (
                        SELECT m.id, m.current_call FROM voice_message m
                         WHERE m.id IN (SELECT c.message_id FROM voice_call c
                                         WHERE c.status = '%1$s' AND %2$s
                                         LIMIT %3$d)
                         FOR NO KEY UPDATE OF m SKIP LOCKED
                    )
                    UPDATE voice_call c
                       SET status = ?, ended_at = ?, last_error = ?, next_attempt_at = NULL, waiting_for = NULL,
                           version = c.version + 1, updated_at = ?
                      FROM locked
                     WHERE c.message_id = locked.id AND c.call_number = locked.current_call AND c.status = '%1$s'
                       AND %2$s
                    RETURNING c.message_id, c.kind, c.call_number
                    """.formatted(from.name(), selection, BATCH))
                    .params(ts(selectionParameter), to.name(), ts(now), lastError, ts(now), ts(selectionParameter))
                    .query(OutboxSweeps::ended)
                    .list();
            if (ended.isEmpty()) {
                return ended;
            }
            List<UUID> finished = jdbc.sql("""
                    UPDATE voice_message SET outcome = ?, updated_at = ?
                     WHERE id = ANY(?) AND outcome IS NULL
                    RETURNING id
                    """)
                    .params(outcome.name(), ts(now), ended.stream().map(Ended::id).toArray(UUID[]::new))
                    .query((rs, n) -> rs.getObject(1, UUID.class))
                    .list();
            for (Ended e : ended) {
                events.publish(new LedgerEvent.CallEnded(e.id(), e.callNumber(), e.kind(), to));
                if (finished.contains(e.id())) {
                    events.publish(new LedgerEvent.MessageFinished(e.id(), outcome));
                }
            }
            return ended;
        });
    }

    /**
     * A dispatcher died (or hung) with a message SENDING. If its POST may have begun, the callflow may have gone
     * out: UNKNOWN, never QUEUED again. If no POST began (it was waiting for a rate permit or a pool slot), nothing
     * went out, so the message goes back to the queue, due now, with the claim's attempt given back.
     */
    public List<Lost> expireLeases(Instant now, LeaseLoss wording) {
        StatusGuards.require(CallStatus.SENDING, CallStatus.UNKNOWN);
        StatusGuards.require(CallStatus.SENDING, CallStatus.QUEUED);
        return transactions.execute(tx -> {
            List<Object[]> lost = jdbc.sql("""
                    UPDATE voice_call
                       SET status = CASE WHEN post_started_at IS NULL THEN 'QUEUED' ELSE 'UNKNOWN' END,
                           next_attempt_at = CASE WHEN post_started_at IS NULL THEN CAST(? AS timestamptz) END,
                           attempts = CASE WHEN post_started_at IS NULL THEN GREATEST(attempts - 1, 0) ELSE attempts END,
                           last_error = CASE WHEN post_started_at IS NULL THEN ? ELSE ? END,
                           unknown_at = CASE WHEN post_started_at IS NULL THEN unknown_at ELSE CAST(? AS timestamptz) END,
                           lease_owner = NULL, lease_until = NULL, version = version + 1, updated_at = ?
                     WHERE (message_id, call_number) IN (
                            SELECT message_id, call_number FROM voice_call WHERE status = 'SENDING' AND lease_until < ?
                             LIMIT %d FOR UPDATE SKIP LOCKED)
                       AND status = 'SENDING'
                    RETURNING message_id, attempts, call_number, post_started_at IS NOT NULL AS started, post_started_at
                    """.formatted(BATCH))
                    .params(ts(now), wording.requeuedError(), wording.unknownError(), ts(now), ts(now), ts(now))
                    .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getInt(2), rs.getInt(3),
                            rs.getBoolean(4), instant(rs, 5)})
                    .list();
            for (Object[] row : lost) {
                if ((Boolean) row[3]) {
                    // The attempt is dated when its POST began, not when the sweep found it: reconciliation looks for
                    // 8x8's record of the call from there, however late the sweep ran (a database outage, an
                    // instance with longer timeouts than the sweeper's).
                    attempts.record((UUID) row[0], new AttemptView((Integer) row[2], (Integer) row[1],
                            (Instant) row[4], null, null, null, null, wording.attemptOutcome(), wording.unknownError()));
                    events.publish(new LedgerEvent.CallOutcomeUnknown((UUID) row[0], (Integer) row[2]));
                }
            }
            return lost.stream().map(r -> new Lost((UUID) r[0], (Boolean) r[3])).toList();
        });
    }

    private static Ended ended(ResultSet rs, int n) throws SQLException {
        String kind = rs.getString(2);
        return new Ended(rs.getObject(1, UUID.class), CallKind.valueOf(kind), rs.getInt(3));
    }
}
