package com.example.voicegateway.message;

import com.example.voicegateway.message.internal.DispatchAttempts;
import com.example.voicegateway.message.internal.LedgerEvents;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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

    /** A message a sweep ended, with the kind of its current call (null if it had none). */
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

    /** Queued messages whose validUntil has passed: their planned call was never placed, EXPIRED. */
    public List<Ended> expireOverdue(Instant now, String lastError) {
        return end(MessageStatus.QUEUED, MessageStatus.EXPIRED, "next_attempt_at = NULL,",
                "SELECT id FROM voice_message WHERE status = '%s' AND valid_until <= ?", lastError, now, now);
    }

    /** UNKNOWN since before {@code unknownSince} and no summary settled it: FAILED, saying why. */
    public List<Ended> failUnsettled(Instant now, Instant unknownSince, String lastError) {
        // Reconciliation's flag is read inside the statement, so the sweep stays one bounded statement.
        return end(MessageStatus.UNKNOWN, MessageStatus.FAILED, "", """
                SELECT id FROM voice_message v WHERE status = '%s' AND updated_at < ?
                   -- flagged by reconciliation: several calls in 8x8's log could be it; ops decide
                   AND NOT EXISTS (SELECT 1 FROM reconcile_flag f WHERE f.message_id = v.id
                                     AND f.call_number = v.current_call)""", lastError, now, unknownSince);
    }

    /**
     * Ends the selected messages in {@code from} (at most a batch, skipping locked rows) and their current calls in
     * {@code to}, recording each one's final event in the same transaction.
     */
    private List<Ended> end(MessageStatus from, MessageStatus to, String alsoSet, String selection, String lastError,
            Instant now, Instant selectionParameter) {
        StatusGuards.require(from, to);
        CallStatus call = CallStatus.of(to);
        return transactions.execute(tx -> {
            List<Ended> ended = jdbc.sql("""
                    WITH m AS (
                        UPDATE voice_message
                           SET status = ?, %s last_error = ?, version = version + 1, updated_at = ?
                         WHERE id IN (%s LIMIT %d FOR UPDATE SKIP LOCKED)
                        RETURNING id, current_call
                    ), calls AS (
                        UPDATE voice_call c SET status = ?, ended_at = ?
                          FROM m WHERE c.message_id = m.id AND c.call_number = m.current_call AND c.status IN %s
                        RETURNING c.message_id, c.kind
                    )
                    SELECT m.id, calls.kind, m.current_call FROM m LEFT JOIN calls ON calls.message_id = m.id
                    """.formatted(alsoSet, selection.formatted(from.name()), BATCH,
                            StatusGuards.callsMovingToSql(call)))
                    .params(to.name(), lastError, ts(now), ts(selectionParameter), call.name(), ts(now))
                    .query(OutboxSweeps::ended)
                    .list();
            for (Ended e : ended) {
                if (e.kind() != null) {
                    events.publish(new LedgerEvent.CallEnded(e.id(), e.callNumber(), e.kind(), call));
                }
                events.publishIfFinal(e.id(), to);
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
        StatusGuards.require(MessageStatus.SENDING, MessageStatus.UNKNOWN);
        StatusGuards.require(MessageStatus.SENDING, MessageStatus.QUEUED);
        return transactions.execute(tx -> {
            List<Object[]> lost = jdbc.sql("""
                    WITH m AS (
                        UPDATE voice_message
                           SET status = CASE WHEN post_started_at IS NULL THEN 'QUEUED' ELSE 'UNKNOWN' END,
                               next_attempt_at = CASE WHEN post_started_at IS NULL THEN CAST(? AS timestamptz) END,
                               attempts = CASE WHEN post_started_at IS NULL THEN GREATEST(attempts - 1, 0)
                                               ELSE attempts END,
                               last_error = CASE WHEN post_started_at IS NULL THEN ? ELSE ? END,
                               lease_owner = NULL, lease_until = NULL, version = version + 1, updated_at = ?
                         WHERE id IN (SELECT id FROM voice_message WHERE status = 'SENDING' AND lease_until < ?
                                      LIMIT %d FOR UPDATE SKIP LOCKED)
                        RETURNING id, attempts, current_call, post_started_at IS NOT NULL AS started
                    ), calls AS (
                        UPDATE voice_call c SET status = 'UNKNOWN', unknown_at = ?
                          FROM m WHERE m.started AND c.message_id = m.id AND c.call_number = m.current_call
                           AND c.status IN %s
                    )
                    SELECT id, attempts, current_call, started FROM m
                    """.formatted(BATCH, StatusGuards.callsMovingToSql(CallStatus.UNKNOWN)))
                    .params(ts(now), wording.requeuedError(), wording.unknownError(), ts(now), ts(now), ts(now))
                    .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getInt(2), rs.getInt(3),
                            rs.getBoolean(4)})
                    .list();
            for (Object[] row : lost) {
                if ((Boolean) row[3]) {
                    attempts.record((UUID) row[0], new AttemptView((Integer) row[2], (Integer) row[1], now, null,
                            null, null, null, wording.attemptOutcome(), wording.unknownError()));
                    events.publish(new LedgerEvent.CallOutcomeUnknown((UUID) row[0], (Integer) row[2]));
                }
            }
            return lost.stream().map(r -> new Lost((UUID) r[0], (Boolean) r[3])).toList();
        });
    }

    private static Ended ended(ResultSet rs, int n) throws SQLException {
        String kind = rs.getString(2);
        return new Ended(rs.getObject(1, UUID.class), kind == null ? null : CallKind.valueOf(kind), rs.getInt(3));
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
