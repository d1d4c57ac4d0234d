package com.example.voicegateway.dispatch;

import com.example.voicegateway.message.AttemptView;
import com.example.voicegateway.message.DispatchAttempts;
import com.example.voicegateway.message.MessageStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox in SQL. Every statement that changes a row bumps {@code version} and {@code updated_at}, so JPA's
 * optimistic locking (the webhook, a client's cancel) notices, and every outcome write is guarded by the version the
 * claim returned plus {@code status = 'SENDING'}.
 */
@Repository
class DispatchStore {

    private static final String CLAIM = """
            UPDATE voice_message m
               SET status = 'SENDING', lease_owner = ?, lease_until = ?, attempts = m.attempts + 1,
                   next_attempt_at = NULL, version = m.version + 1, updated_at = ?
             WHERE m.id IN (SELECT id FROM voice_message
                             WHERE status = 'QUEUED' AND next_attempt_at <= ? AND valid_until > ?
                               AND session_id IS NULL
                             ORDER BY next_attempt_at
                             LIMIT ?
                             FOR UPDATE SKIP LOCKED)
            RETURNING m.id, m.version, m.attempts, m.destination, m.source, m.text, m.audio_url, m.voice_profile,
                      m.repetition, m.speed, m.valid_until, m.lease_until, m.ack_prompt, m.ack_timeout_ms, m.ack_tries
            """;

    /** A terminal or QUEUED outcome for a message this dispatcher still holds. */
    record Outcome(MessageStatus status, int attemptsDelta, Instant nextAttemptAt, String lastError,
            Integer statusCode, String statusMessage) {
    }

    /** Who still needs a look at the message after an outcome write that lost its race. */
    record Conflict(MessageStatus status) {
    }

    private final JdbcClient jdbc;
    private final DispatchAttempts attempts;
    private final TransactionTemplate transactions;

    DispatchStore(JdbcClient jdbc, DispatchAttempts attempts, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.attempts = attempts;
        this.transactions = transactions;
    }

    /**
     * One statement, so one short transaction: the rows are SENDING and leased by the time it returns. A message with
     * a session id has reached 8x8 (the call exists) and is never claimed again, whatever its status says.
     */
    List<ClaimedMessage> claim(String owner, Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql(CLAIM)
                .params(owner, ts(leaseUntil), ts(now), ts(now), ts(now), limit)
                .query(DispatchStore::claimed)
                .list();
    }

    /** The earliest next_attempt_at of a queued message, so the dispatcher can sleep exactly until then (due ones
     * it could not claim are locked by another dispatcher or expired, so they are left out). */
    Instant nextDueAt(Instant now) {
        return jdbc.sql("""
                SELECT min(next_attempt_at) FROM voice_message
                 WHERE status = 'QUEUED' AND next_attempt_at > ? AND valid_until > ? AND session_id IS NULL
                """)
                .params(ts(now), ts(now))
                .query((rs, n) -> instant(rs, 1))
                .optional()
                .orElse(null);
    }

    /**
     * Writes the outcome and the attempt rows in one transaction. Returns null when the row was ours, else what it
     * is now (a session summary or the lease sweep got there first).
     */
    Conflict finish(ClaimedMessage m, Outcome outcome, Instant now, List<AttemptView> rows) {
        if (!MessageStatus.SENDING.canMoveTo(outcome.status())) {
            throw new IllegalStateException("SENDING cannot move to " + outcome.status());
        }
        return transactions.execute(tx -> {
            int updated = jdbc.sql("""
                    UPDATE voice_message
                       SET status = ?, attempts = attempts + ?, next_attempt_at = ?, last_error = ?,
                           status_code = COALESCE(?, status_code), status_message = COALESCE(?, status_message),
                           lease_owner = NULL, lease_until = NULL, version = version + 1, updated_at = ?
                     WHERE id = ? AND version = ? AND status = 'SENDING'
                    """)
                    .params(outcome.status().name(), outcome.attemptsDelta(), ts(outcome.nextAttemptAt()),
                            outcome.lastError(), outcome.statusCode(), outcome.statusMessage(), ts(now), m.id(),
                            m.version())
                    .update();
            insertAttempts(m.id(), rows);
            return updated == 1 ? null : current(m.id());
        });
    }

    /**
     * Records 8x8's CREATED answer. If the row moved meanwhile (a session summary beat us, or the lease sweep
     * declared it UNKNOWN), the status it has now stays, but the session id and codes are still stored.
     *
     * @return true when the session id is now stored on the message
     */
    boolean finishSubmitted(ClaimedMessage m, SendResult.Created created, int attemptsDelta, Instant now,
            List<AttemptView> rows) {
        Boolean stored = transactions.execute(tx -> {
            int updated = jdbc.sql("""
                    UPDATE voice_message
                       SET status = 'SUBMITTED', attempts = attempts + ?, next_attempt_at = NULL, last_error = NULL,
                           session_id = ?, call_flow_request_id = ?, status_code = ?, status_message = ?,
                           lease_owner = NULL, lease_until = NULL, version = version + 1, updated_at = ?
                     WHERE id = ? AND version = ? AND status = 'SENDING'
                    """)
                    .params(attemptsDelta, created.sessionId(), created.callFlowRequestId(), created.statusCode(),
                            created.statusMessage(), ts(now), m.id(), m.version())
                    .update();
            if (updated == 0) {
                updated = jdbc.sql("""
                        UPDATE voice_message
                           SET session_id = COALESCE(session_id, ?), call_flow_request_id = ?, status_code = ?,
                               status_message = ?, attempts = attempts + ?, lease_owner = NULL, lease_until = NULL,
                               version = version + 1, updated_at = ?
                         WHERE id = ?
                        """)
                        .params(created.sessionId(), created.callFlowRequestId(), created.statusCode(),
                                created.statusMessage(), attemptsDelta, ts(now), m.id())
                        .update();
            }
            insertAttempts(m.id(), rows);
            return updated == 1;
        });
        return Boolean.TRUE.equals(stored) && created.sessionId() != null;
    }

    /** Queued messages whose validUntil has passed: never sent, EXPIRED. */
    List<UUID> expireQueued(Instant now, String lastError) {
        return transactions.execute(tx -> {
            return jdbc.sql("""
                    UPDATE voice_message
                       SET status = 'EXPIRED', next_attempt_at = NULL, last_error = ?, version = version + 1,
                           updated_at = ?
                     WHERE id IN (SELECT id FROM voice_message WHERE status = 'QUEUED' AND valid_until <= ?
                                  LIMIT 1000 FOR UPDATE SKIP LOCKED)
                    RETURNING id
                    """)
                    .params(lastError, ts(now), ts(now))
                    .query((rs, n) -> rs.getObject(1, UUID.class))
                    .list();
        });
    }

    /** A dispatcher died (or hung) mid-send: the callflow may have gone out, so UNKNOWN, never QUEUED again. */
    List<UUID> expireLeases(Instant now, String lastError) {
        return transactions.execute(tx -> {
            List<Object[]> lost = jdbc.sql("""
                    UPDATE voice_message
                       SET status = 'UNKNOWN', last_error = ?, lease_owner = NULL, lease_until = NULL,
                           version = version + 1, updated_at = ?
                     WHERE id IN (SELECT id FROM voice_message WHERE status = 'SENDING' AND lease_until < ?
                                  LIMIT 1000 FOR UPDATE SKIP LOCKED)
                    RETURNING id, attempts
                    """)
                    .params(lastError, ts(now), ts(now))
                    .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getInt(2)})
                    .list();
            for (Object[] row : lost) {
                attempts.record((UUID) row[0], new AttemptView((Integer) row[1], now, null, null, null, null,
                        "UNKNOWN", lastError));
            }
            return lost.stream().map(r -> (UUID) r[0]).toList();
        });
    }

    /** UNKNOWN for longer than the window and no summary settled it: FAILED, saying why. */
    List<UUID> failUnsettled(Instant now, Instant unknownSince, String lastError) {
        return jdbc.sql("""
                UPDATE voice_message
                   SET status = 'FAILED', last_error = ?, version = version + 1, updated_at = ?
                 WHERE id IN (SELECT id FROM voice_message WHERE status = 'UNKNOWN' AND updated_at < ?
                              LIMIT 1000 FOR UPDATE SKIP LOCKED)
                RETURNING id
                """)
                .params(lastError, ts(now), ts(unknownSince))
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .list();
    }

    /** Due queued messages and the creation time of the oldest of them, for the gauges. */
    QueueStats queueStats(Instant now) {
        return jdbc.sql("""
                SELECT count(*), min(created_at) FROM voice_message WHERE status = 'QUEUED' AND next_attempt_at <= ?
                """)
                .param(ts(now))
                .query((rs, n) -> new QueueStats(rs.getLong(1), instant(rs, 2)))
                .single();
    }

    record QueueStats(long due, Instant oldestCreatedAt) {
    }

    private Conflict current(UUID id) {
        return jdbc.sql("SELECT status FROM voice_message WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Conflict(MessageStatus.valueOf(rs.getString(1))))
                .optional()
                .orElse(new Conflict(null));
    }

    private void insertAttempts(UUID id, List<AttemptView> rows) {
        for (AttemptView row : rows) {
            attempts.record(id, row);
        }
    }

    private static ClaimedMessage claimed(ResultSet rs, int n) throws SQLException {
        return new ClaimedMessage(rs.getObject("id", UUID.class), rs.getLong("version"), rs.getInt("attempts"),
                rs.getString("destination"), rs.getString("source"), rs.getString("text"),
                rs.getString("audio_url"), rs.getString("voice_profile"), rs.getInt("repetition"),
                rs.getBigDecimal("speed"), instant(rs, "valid_until"), instant(rs, "lease_until"),
                rs.getString("ack_prompt") == null ? null : new ClaimedMessage.Capture(rs.getString("ack_prompt"),
                        rs.getInt("ack_timeout_ms"), rs.getInt("ack_tries")));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
