package com.example.voicegateway.reconcile;

import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.MessagesQueued;
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
 * that touches the call rows is here, so the move from "a message is a call" to a call table is this class. Status
 * changes are checked against {@link MessageStatus} before they are issued, bump {@code version} and are guarded by
 * the version the due call was read with, so a session summary that lands meanwhile always wins.
 */
@Repository
class ReconcileStore {

    /** The statuses the reconciler explains. */
    static final Set<MessageStatus> DUE = Set.of(MessageStatus.SUBMITTED, MessageStatus.UNKNOWN);

    /** What happened to an UNKNOWN call that 8x8 never placed. */
    enum NotPlacedOutcome { REQUEUED, FAILED, RACED }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    ReconcileStore(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    // ---- due calls -------------------------------------------------------------------------------------------

    /**
     * UNKNOWN calls not flagged for ops, and SUBMITTED calls whose summary is {@code grace} late: counted from
     * validUntil or from the call's start, whichever is later.
     */
    List<DueCall> due(Instant now, Duration grace, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("submittedBefore", ts(now.minus(grace)))
                .addValue("limit", limit);
        List<DueCall> candidates = jdbc.query("""
                SELECT m.id, m.client_name, m.status, m.session_id, m.destination, m.valid_until, m.attempts,
                       m.version,
                       COALESCE((SELECT max(a.started_at) FROM dispatch_attempt a
                                  WHERE a.message_id = m.id AND a.outcome = m.status), m.updated_at) AS attempt_at
                FROM voice_message m
                WHERE (m.status = 'UNKNOWN' OR (m.status = 'SUBMITTED' AND m.valid_until <= :submittedBefore))
                  AND NOT EXISTS (SELECT 1 FROM reconcile_flag f WHERE f.message_id = m.id AND f.call_number = 1)
                ORDER BY m.updated_at, m.id
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
                SELECT session_id FROM voice_message WHERE session_id IN (:ids)
                """, new MapSqlParameterSource("ids", sessionIds), String.class));
    }

    // ---- verdicts --------------------------------------------------------------------------------------------

    /** The export's outcome for the call; false when the call moved meanwhile (its summary came, say). */
    boolean settle(long exportId, Verdict.Settle verdict, Instant now) {
        DueCall call = verdict.call();
        requireMove(call.status(), verdict.outcome());
        String sessionId = verdict.row().sessionId();
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            int updated = jdbc.update("""
                    UPDATE voice_message
                       SET status = :to, session_id = COALESCE(session_id, :sessionId), next_attempt_at = NULL,
                           lease_owner = NULL, lease_until = NULL, version = version + 1, updated_at = :now
                     WHERE id = :id AND version = :version AND status = :from
                       AND (session_id IS NULL OR CAST(:sessionId AS text) IS NULL OR session_id = :sessionId)
                    """, move(call, verdict.outcome(), now).addValue("sessionId", sessionId));
            if (updated == 1) {
                action(exportId, call, "SETTLED", verdict.outcome().name(), sessionId,
                        "8x8's log export: SessionStatus " + verdict.row().sessionStatus(), now);
            }
            return updated == 1;
        }));
    }

    /** An unknown call's row without a final status: its sessionId is recorded, so its summary can settle it. */
    boolean sessionFound(long exportId, Verdict.SessionFound verdict, Instant now) {
        DueCall call = verdict.call();
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            int updated = jdbc.update("""
                    UPDATE voice_message SET session_id = :sessionId, version = version + 1, updated_at = :now
                     WHERE id = :id AND version = :version AND status = 'UNKNOWN' AND session_id IS NULL
                    """, new MapSqlParameterSource()
                    .addValue("sessionId", verdict.row().sessionId())
                    .addValue("now", ts(now))
                    .addValue("id", call.messageId())
                    .addValue("version", call.version()));
            if (updated == 1) {
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
                         WHERE id = :id AND status = 'UNKNOWN'
                        """, new MapSqlParameterSource()
                        .addValue("detail", "outcome unknown, " + detail)
                        .addValue("now", ts(now))
                        .addValue("id", call.messageId()));
                action(exportId, call, "FLAGGED", null, null, detail, now);
            }
            return inserted == 1;
        }));
    }

    /**
     * 8x8 never placed the call: UNKNOWN passes through NOT_PLACED to QUEUED (sent again at once, same
     * clientRequestId) when attempts and validUntil leave room, else to FAILED.
     *
     * @param sendBy validUntil must be after this for another POST to be worth it
     */
    NotPlacedOutcome notPlaced(long exportId, Verdict.NotPlaced verdict, Instant now, int maxAttempts,
            Instant sendBy) {
        DueCall call = verdict.call();
        requireMove(MessageStatus.UNKNOWN, MessageStatus.NOT_PLACED);
        requireMove(MessageStatus.NOT_PLACED, MessageStatus.QUEUED);
        requireMove(MessageStatus.NOT_PLACED, MessageStatus.FAILED);
        String requeued = "8x8 has no record of the call: " + verdict.detail() + "; never placed, sent again";
        String failed = "8x8 has no record of the call: " + verdict.detail() + "; never placed, and "
                + (call.attempts() >= maxAttempts ? "no attempts are left" : "validUntil leaves no time")
                + " to send it again";
        return transactions.execute(tx -> {
            List<String> status = jdbc.queryForList("""
                    UPDATE voice_message
                       SET status = CASE WHEN attempts < :max AND valid_until > :sendBy THEN 'QUEUED' ELSE 'FAILED' END,
                           next_attempt_at = CASE WHEN attempts < :max AND valid_until > :sendBy
                                                THEN CAST(:now AS timestamptz) END,
                           last_error = CASE WHEN attempts < :max AND valid_until > :sendBy
                                             THEN :requeued ELSE :failed END,
                           version = version + 1, updated_at = :now
                     WHERE id = :id AND version = :version AND status = 'UNKNOWN' AND session_id IS NULL
                    RETURNING status
                    """, new MapSqlParameterSource()
                    .addValue("max", maxAttempts)
                    .addValue("sendBy", ts(sendBy))
                    .addValue("now", ts(now))
                    .addValue("requeued", requeued)
                    .addValue("failed", failed)
                    .addValue("id", call.messageId())
                    .addValue("version", call.version()), String.class);
            if (status.isEmpty()) {
                return NotPlacedOutcome.RACED;
            }
            boolean again = MessageStatus.QUEUED.name().equals(status.get(0));
            action(exportId, call, again ? "NOT_PLACED" : "NO_RECORD", status.get(0), null,
                    again ? requeued : failed, now);
            if (again) {
                // Other instances' dispatchers sleep until told; the local one hears MessagesQueued.
                jdbc.queryForList("SELECT pg_notify('" + MessagesQueued.NOTIFY_CHANNEL + "', '')",
                        new MapSqlParameterSource(), Object.class);
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
                SELECT :sessionId, m.id, 1, :amount, :currency, :billable, :duration, :status, :initiated, :exportId,
                       :now
                FROM voice_message m WHERE m.session_id = :sessionId
                ORDER BY m.created_at DESC LIMIT 1
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
                SELECT EXISTS (SELECT 1 FROM voice_message
                                WHERE created_at >= :from AND created_at < :to AND session_id IS NOT NULL)
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

    private static MapSqlParameterSource move(DueCall call, MessageStatus to, Instant now) {
        return new MapSqlParameterSource()
                .addValue("to", to.name())
                .addValue("from", call.status().name())
                .addValue("now", ts(now))
                .addValue("id", call.messageId())
                .addValue("version", call.version());
    }

    static void requireMove(MessageStatus from, MessageStatus to) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException(from + " cannot move to " + to);
        }
    }

    private static DueCall dueCall(ResultSet rs, int row) throws SQLException {
        return new DueCall(rs.getObject("id", UUID.class), 1, rs.getString("client_name"),
                MessageStatus.valueOf(rs.getString("status")), rs.getString("session_id"),
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
