package com.example.voicegateway.reconcile;

import com.example.voicegateway.message.CallSettlement;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.MessagesQueued;
import com.example.voicegateway.message.ProvenOutcome;
import com.example.voicegateway.message.LedgerEvents;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The calls' side of reconciliation in SQL: which calls are due, and every write an export's verdict makes. All SQL
 * that touches call and message rows is here. A statement that moves a call writes its message row first (its lock),
 * like every other writer of calls; every move is listed in {@link #MESSAGE_MOVES} / {@link #CALL_MOVES}, checked
 * against the state machines by a test, and guarded by the message's version as the due call was read, so a session
 * summary that lands meanwhile always wins. Outcomes go through the ledger's {@link CallSettlement}, as a summary's
 * do, so a proven NO_ANSWER still leads to the redial the client asked for.
 */
@Repository
class ReconcileStore {

    /** A status move one of the statements here makes. */
    record Move<S extends Enum<S>>(String statement, S from, S to) {
    }

    static final List<Move<MessageStatus>> MESSAGE_MOVES = List.of(
            new Move<>("notPlaced", MessageStatus.UNKNOWN, MessageStatus.QUEUED),
            new Move<>("notPlaced", MessageStatus.UNKNOWN, MessageStatus.FAILED),
            new Move<>("summaryWindow", MessageStatus.SUBMITTED, MessageStatus.FAILED));

    static final List<Move<CallStatus>> CALL_MOVES = List.of(
            new Move<>("notPlaced", CallStatus.UNKNOWN, CallStatus.QUEUED),
            new Move<>("notPlaced", CallStatus.UNKNOWN, CallStatus.NOT_PLACED),
            new Move<>("summaryWindow", CallStatus.SUBMITTED, CallStatus.FAILED));

    /** What happened to an UNKNOWN call that 8x8 never placed. */
    enum NotPlacedOutcome { REQUEUED, FAILED, RACED }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final CallSettlement outcomes;
    private final LedgerEvents events;

    ReconcileStore(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, CallSettlement outcomes,
            LedgerEvents events) {
        this.events = events;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outcomes = outcomes;
    }

    // ---- due calls -------------------------------------------------------------------------------------------

    /**
     * UNKNOWN calls not flagged for ops, and SUBMITTED calls whose summary is {@code grace} late: counted from
     * validUntil or from the call's start, whichever is later. Only a message's current call can be either.
     */
    List<DueCall> due(Instant now, Duration grace, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("submittedBefore", ts(now.minus(grace)))
                .addValue("limit", limit);
        List<DueCall> candidates = jdbc.query("""
                SELECT c.message_id, c.call_number, m.client_name, c.status, c.session_id, c.destination,
                       m.valid_until, m.attempts, m.version,
                       COALESCE((SELECT max(a.started_at) FROM dispatch_attempt a
                                  WHERE a.message_id = c.message_id AND a.call_number = c.call_number
                                    AND a.outcome = c.status),
                                c.unknown_at, c.started_at, m.updated_at) AS attempt_at
                FROM voice_call c JOIN voice_message m ON m.id = c.message_id AND m.current_call = c.call_number
                WHERE (c.status = 'UNKNOWN' OR (c.status = 'SUBMITTED' AND m.valid_until <= :submittedBefore))
                  AND NOT EXISTS (SELECT 1 FROM reconcile_flag f
                                   WHERE f.message_id = c.message_id AND f.call_number = c.call_number)
                ORDER BY attempt_at, c.message_id
                LIMIT :limit
                """, params, ReconcileStore::dueCall);
        List<DueCall> due = new ArrayList<>(candidates.size());
        for (DueCall call : candidates) {
            if (call.unknown() || !call.attemptAt().plus(grace).isAfter(now)) {
                due.add(call);
            }
        }
        return due;
    }

    /** Which of these sessionIds already belong to a call of ours. */
    Set<String> knownSessions(Collection<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("""
                SELECT session_id FROM voice_call WHERE session_id IN (:ids)
                """, new MapSqlParameterSource("ids", sessionIds), String.class));
    }

    // ---- verdicts --------------------------------------------------------------------------------------------

    /** The export's outcome for the call, applied like its summary; false when the call moved meanwhile. */
    boolean settle(long exportId, Verdict.Settle verdict, Instant now) {
        DueCall call = verdict.call();
        CallStatus outcome = CallStatus.of(verdict.outcome());
        requireMove(call.status(), outcome);
        String sessionId = verdict.row().sessionId();
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            boolean applied = outcomes.settle(ProvenOutcome.forCall(call.messageId(), call.callNumber(), sessionId,
                    outcome), now).applied();
            if (applied) {
                action(exportId, call, "SETTLED", outcome.name(), sessionId,
                        "8x8's log export: SessionStatus " + verdict.row().sessionStatus(), now);
            }
            return applied;
        }));
    }

    /** An unknown call's row without a final status: its sessionId is recorded, so its summary can settle it. */
    boolean sessionFound(long exportId, Verdict.SessionFound verdict, Instant now) {
        DueCall call = verdict.call();
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            MapSqlParameterSource params = new MapSqlParameterSource()
                    .addValue("sessionId", verdict.row().sessionId())
                    .addValue("now", ts(now))
                    .addValue("id", call.messageId())
                    .addValue("n", call.callNumber())
                    .addValue("version", call.version());
            int updated = jdbc.update("""
                    UPDATE voice_message SET session_id = :sessionId, version = version + 1, updated_at = :now
                     WHERE id = :id AND version = :version AND status = 'UNKNOWN' AND current_call = :n
                       AND session_id IS NULL
                    """, params);
            if (updated == 1) {
                jdbc.update("""
                        UPDATE voice_call SET session_id = :sessionId
                         WHERE message_id = :id AND call_number = :n AND status = 'UNKNOWN' AND session_id IS NULL
                        """, params);
                action(exportId, call, "SESSION_FOUND", null, verdict.row().sessionId(),
                        "8x8's log export shows the call, not yet ended", now);
            }
            return updated == 1;
        }));
    }

    /** Several rows could be the call: flagged once, its lastError says why; nothing else changes. */
    boolean flag(long exportId, Verdict.Flag verdict, Instant now) {
        DueCall call = verdict.call();
        String detail = "left for ops: " + verdict.detail();
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            int inserted = jdbc.update("""
                    INSERT INTO reconcile_flag (message_id, call_number, export_id, flagged_at, candidates, detail)
                    VALUES (:id, :callNumber, :exportId, :now, :candidates, :detail)
                    ON CONFLICT DO NOTHING
                    """, new MapSqlParameterSource()
                    .addValue("id", call.messageId())
                    .addValue("callNumber", call.callNumber())
                    .addValue("exportId", exportId)
                    .addValue("now", ts(now))
                    .addValue("candidates", verdict.candidates())
                    .addValue("detail", detail));
            if (inserted == 1) {
                jdbc.update("""
                        UPDATE voice_message SET last_error = :detail, version = version + 1, updated_at = :now
                         WHERE id = :id AND status = 'UNKNOWN' AND current_call = :n
                        """, new MapSqlParameterSource()
                        .addValue("detail", "outcome unknown, " + detail)
                        .addValue("now", ts(now))
                        .addValue("id", call.messageId())
                        .addValue("n", call.callNumber()));
                action(exportId, call, "FLAGGED", null, null, detail, now);
            }
            return inserted == 1;
        }));
    }

    /**
     * 8x8 never placed the call: it is QUEUED again (same number and clientRequestId, sent at once, counting against
     * max-attempts) when attempts and validUntil leave room, else it ends NOT_PLACED and the message FAILED.
     *
     * @param sendBy validUntil must be after this for another POST to be worth it
     */
    NotPlacedOutcome notPlaced(long exportId, Verdict.NotPlaced verdict, Instant now, int maxAttempts,
            Instant sendBy) {
        DueCall call = verdict.call();
        String requeued = "8x8 has no record of the call: " + verdict.detail() + "; never placed, sent again";
        String failed = "8x8 has no record of the call: " + verdict.detail() + "; never placed, and "
                + (call.attempts() >= maxAttempts ? "no attempts are left" : "validUntil leaves no time")
                + " to send it again";
        return transactions.execute(tx -> {
            List<String> status = jdbc.queryForList("""
                    WITH m AS (
                        UPDATE voice_message
                           SET status = CASE WHEN attempts < :max AND valid_until > :sendBy THEN 'QUEUED'
                                             ELSE 'FAILED' END,
                               next_attempt_at = CASE WHEN attempts < :max AND valid_until > :sendBy
                                                      THEN CAST(:now AS timestamptz) END,
                               last_error = CASE WHEN attempts < :max AND valid_until > :sendBy
                                                 THEN :requeued ELSE :failed END,
                               lease_owner = NULL, lease_until = NULL, post_started_at = NULL,
                               version = version + 1, updated_at = :now
                         WHERE id = :id AND version = :version AND status = 'UNKNOWN' AND current_call = :n
                           AND session_id IS NULL
                        RETURNING id, status, current_call
                    ), calls AS (
                        UPDATE voice_call c
                           SET status = CASE WHEN m.status = 'QUEUED' THEN 'QUEUED' ELSE 'NOT_PLACED' END,
                               due_at = CASE WHEN m.status = 'QUEUED' THEN CAST(:now AS timestamptz) ELSE c.due_at END,
                               ended_at = CASE WHEN m.status = 'QUEUED' THEN NULL ELSE CAST(:now AS timestamptz) END
                          FROM m WHERE c.message_id = m.id AND c.call_number = m.current_call
                           AND c.status = 'UNKNOWN' AND c.session_id IS NULL
                    )
                    SELECT status FROM m
                    """, new MapSqlParameterSource()
                    .addValue("max", maxAttempts)
                    .addValue("sendBy", ts(sendBy))
                    .addValue("now", ts(now))
                    .addValue("requeued", requeued)
                    .addValue("failed", failed)
                    .addValue("id", call.messageId())
                    .addValue("n", call.callNumber())
                    .addValue("version", call.version()), String.class);
            if (status.isEmpty()) {
                return NotPlacedOutcome.RACED;
            }
            boolean again = MessageStatus.QUEUED.name().equals(status.get(0));
            action(exportId, call, again ? "NOT_PLACED" : "NO_RECORD", again ? "QUEUED" : "NOT_PLACED", null,
                    again ? requeued : failed, now);
            if (again) {
                // Other instances' dispatchers sleep until told; the local one hears MessagesQueued.
                jdbc.getJdbcTemplate().execute("SELECT pg_notify('" + MessagesQueued.NOTIFY_CHANNEL + "', '')");
            } else {
                events.publishIfFinal(call.messageId(), MessageStatus.FAILED);
            }
            return again ? NotPlacedOutcome.REQUEUED : NotPlacedOutcome.FAILED;
        });
    }

    /** Stores the cost of every row whose session is one of our calls; returns how many calls got one. */
    int recordCosts(Long exportId, List<ExportRow> rows, Instant now) {
        List<SqlParameterSource> batch = new ArrayList<>();
        for (ExportRow row : rows) {
            if (row.hasCost()) {
                batch.add(new MapSqlParameterSource()
                        .addValue("sessionId", row.sessionId())
                        .addValue("amount", row.totalPrice())
                        .addValue("currency", row.currency())
                        .addValue("billable", row.billableSeconds() == null ? 0 : row.billableSeconds())
                        .addValue("duration", row.durationSeconds())
                        .addValue("status", row.sessionStatus())
                        .addValue("initiated", ts(row.initiatedAt()))
                        .addValue("exportId", exportId)
                        .addValue("now", ts(now)));
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        int[] counts = jdbc.batchUpdate("""
                INSERT INTO call_cost (session_id, message_id, call_number, amount, currency, billable_seconds,
                                       duration_seconds, session_status, initiated_at, export_id, recorded_at)
                SELECT :sessionId, c.message_id, c.call_number, :amount, :currency, :billable, :duration, :status,
                       :initiated, :exportId, :now
                FROM voice_call c WHERE c.session_id = :sessionId
                ORDER BY c.planned_at DESC LIMIT 1
                ON CONFLICT (session_id) DO UPDATE
                   SET amount = EXCLUDED.amount, currency = EXCLUDED.currency,
                       billable_seconds = EXCLUDED.billable_seconds, duration_seconds = EXCLUDED.duration_seconds,
                       session_status = EXCLUDED.session_status, initiated_at = EXCLUDED.initiated_at,
                       export_id = EXCLUDED.export_id, recorded_at = EXCLUDED.recorded_at
                """, batch.toArray(SqlParameterSource[]::new));
        int stored = 0;
        for (int count : counts) {
            stored += Math.max(count, 0);
        }
        return stored;
    }

    /** Whether any call of ours reached 8x8 in [from, to): a day without calls needs no cost export. */
    boolean anyCallsBetween(Instant from, Instant to) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM voice_call WHERE session_id IS NOT NULL
                                  AND COALESCE(started_at, planned_at) >= :from
                                  AND COALESCE(started_at, planned_at) < :to)
                """, new MapSqlParameterSource().addValue("from", ts(from)).addValue("to", ts(to)), Boolean.class));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void action(long exportId, DueCall call, String action, String toStatus, String sessionId, String detail,
            Instant now) {
        jdbc.update("""
                INSERT INTO reconcile_action (export_id, message_id, call_number, at, action, from_status, to_status,
                                              session_id, detail)
                VALUES (:exportId, :id, :callNumber, :now, :action, :from, :to, :sessionId, :detail)
                """, new MapSqlParameterSource()
                .addValue("exportId", exportId)
                .addValue("id", call.messageId())
                .addValue("callNumber", call.callNumber())
                .addValue("now", ts(now))
                .addValue("action", action)
                .addValue("from", call.status().name())
                .addValue("to", toStatus)
                .addValue("sessionId", sessionId)
                .addValue("detail", detail));
    }

    static void requireMove(CallStatus from, CallStatus to) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException(from + " cannot move to " + to);
        }
    }

    private static DueCall dueCall(ResultSet rs, int row) throws SQLException {
        return new DueCall(rs.getObject("message_id", UUID.class), rs.getInt("call_number"), rs.getString("client_name"),
                CallStatus.valueOf(rs.getString("status")), rs.getString("session_id"),
                rs.getString("destination"), rs.getTimestamp("attempt_at").toInstant(),
                rs.getTimestamp("valid_until").toInstant(), rs.getInt("attempts"), rs.getLong("version"));
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
