package com.example.voicegateway.dispatch;

import com.example.voicegateway.message.AttemptView;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.DispatchAttempts;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.LedgerEvent;
import com.example.voicegateway.message.LedgerEvents;
import com.example.voicegateway.schedule.Priority;
import com.example.voicegateway.schedule.WaitingFor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox in SQL. Every statement that changes a message row bumps {@code version} and {@code updated_at}, so
 * JPA's optimistic locking (a client's cancel) notices, and every outcome write is guarded by the version the claim
 * (or the POST-start mark) returned plus {@code status = 'SENDING'}. A statement that moves a call writes the
 * message row first, in the same statement, so it holds the message's lock like every other writer of calls.
 *
 * <p>Each status move below is listed in {@link #MESSAGE_MOVES} and {@link #CALL_MOVES} (the sweeps' in
 * {@link OutboxSweeps}); a test checks them against {@link MessageStatus} and {@link CallStatus}.
 */
@Repository
class DispatchStore {

    /** A status move one of the statements here makes. */
    record Move<S extends Enum<S>>(String statement, S from, S to) {
    }

    static final List<Move<MessageStatus>> MESSAGE_MOVES = List.of(
            new Move<>("claim", MessageStatus.QUEUED, MessageStatus.SENDING),
            new Move<>("FairClaims.claimPerClient", MessageStatus.QUEUED, MessageStatus.SENDING),
            new Move<>("finish", MessageStatus.SENDING, MessageStatus.QUEUED),
            new Move<>("finish", MessageStatus.SENDING, MessageStatus.REJECTED),
            new Move<>("finish", MessageStatus.SENDING, MessageStatus.UNKNOWN),
            new Move<>("finish", MessageStatus.SENDING, MessageStatus.FAILED),
            new Move<>("finish", MessageStatus.SENDING, MessageStatus.EXPIRED),
            new Move<>("finishSubmitted", MessageStatus.SENDING, MessageStatus.SUBMITTED));


    static final List<Move<CallStatus>> CALL_MOVES = List.of(
            new Move<>("markPostStarted", CallStatus.QUEUED, CallStatus.SENDING),
            new Move<>("finish", CallStatus.SENDING, CallStatus.QUEUED),
            new Move<>("finish", CallStatus.SENDING, CallStatus.REJECTED),
            new Move<>("finish", CallStatus.SENDING, CallStatus.UNKNOWN),
            new Move<>("finish", CallStatus.SENDING, CallStatus.FAILED),
            new Move<>("finish", CallStatus.QUEUED, CallStatus.EXPIRED),
            new Move<>("finish", CallStatus.SENDING, CallStatus.EXPIRED),
            new Move<>("finishSubmitted", CallStatus.SENDING, CallStatus.SUBMITTED));

    /** The claim's UPDATE around a selection of due message ids (FairClaims has a selection of its own). */
    static final String CLAIM_TEMPLATE = """
            UPDATE voice_message m
               SET status = 'SENDING', lease_owner = ?, lease_until = ?, attempts = m.attempts + 1,
                   next_attempt_at = NULL, waiting_for = NULL, post_started_at = NULL, version = m.version + 1,
                   updated_at = ?
              FROM voice_call c
             WHERE c.message_id = m.id AND c.call_number = m.current_call
               AND m.id IN (%s)
            RETURNING m.id, m.version, m.attempts, m.current_call, c.kind, c.client_request_id, c.destination, m.source,
                      m.text, m.audio_url, m.voice_profile, m.repetition, m.speed, m.valid_until, m.lease_until,
                      m.ack_prompt, m.ack_timeout_ms, m.ack_tries, m.send_at, m.window_from, m.window_to, m.window_days,
                      m.window_zone, m.client_name
            """;

    // One priority per statement: each is a range scan of voice_message_due_by_priority, so neither a LOW backlog nor
    // HIGH rows scheduled for later cost the claim a scan.
    private static final String CLAIM = CLAIM_TEMPLATE.formatted("""
            SELECT id FROM voice_message
             WHERE status = 'QUEUED' AND priority = ? AND next_attempt_at <= ? AND valid_until > ?
               AND session_id IS NULL
             ORDER BY next_attempt_at
             LIMIT ?
             FOR UPDATE SKIP LOCKED""");

    /** A terminal or QUEUED outcome for a message this dispatcher still holds. */
    record Outcome(MessageStatus status, int attemptsDelta, Instant nextAttemptAt, String lastError,
            Integer statusCode, String statusMessage, WaitingFor waitingFor) {

        Outcome(MessageStatus status, int attemptsDelta, Instant nextAttemptAt, String lastError, Integer statusCode,
                String statusMessage) {
            this(status, attemptsDelta, nextAttemptAt, lastError, statusCode, statusMessage, null);
        }

        /** The same outcome, due at {@code at} for {@code reason} (the schedule moved it). */
        Outcome dueAt(Instant at, WaitingFor reason) {
            return new Outcome(status, attemptsDelta, at, lastError, statusCode, statusMessage, reason);
        }
    }

    /** Who still needs a look at the message after an outcome write that lost its race. */
    record Conflict(MessageStatus status) {
    }

    private final JdbcClient jdbc;
    private final DispatchAttempts attempts;
    private final TransactionTemplate transactions;
    private final LedgerEvents events;

    DispatchStore(JdbcClient jdbc, DispatchAttempts attempts, TransactionTemplate transactions, LedgerEvents events) {
        this.jdbc = jdbc;
        this.attempts = attempts;
        this.transactions = transactions;
        this.events = events;
    }

    /**
     * One statement, so one short transaction: the rows are SENDING and leased by the time it returns; their calls
     * stay QUEUED until a POST is about to begin. A message whose current call has a session id has reached 8x8 (the
     * call exists) and is never claimed again, whatever its status says.
     */
    List<ClaimedMessage> claim(String owner, Instant now, Instant leaseUntil, int limit) {
        List<ClaimedMessage> claimed = new ArrayList<>(limit);
        for (Priority priority : Priority.values()) {
            if (claimed.size() == limit) {
                break;
            }
            claimed.addAll(jdbc.sql(CLAIM)
                    .params(owner, ts(leaseUntil), ts(now), priority.name(), ts(now), ts(now), limit - claimed.size())
                    .query(DispatchStore::claimed)
                    .list());
        }
        return claimed;
    }

    /**
     * Records, durably, that a POST for the claimed call is about to begin: from here on a lost lease means UNKNOWN.
     * Returns the claim with the row's new version, or null when the row is no longer ours (a summary, the sweep or
     * a cancel moved it): then nothing may be posted.
     */
    ClaimedMessage markPostStarted(ClaimedMessage m, Instant now) {
        return jdbc.sql("""
                WITH m AS (
                    UPDATE voice_message
                       SET post_started_at = COALESCE(post_started_at, ?), version = version + 1, updated_at = ?
                     WHERE id = ? AND version = ? AND status = 'SENDING' AND lease_until > ? AND current_call = ?
                    RETURNING id, version, current_call
                ), calls AS (
                    UPDATE voice_call c SET status = 'SENDING', started_at = COALESCE(c.started_at, ?)
                      FROM m WHERE c.message_id = m.id AND c.call_number = m.current_call
                       AND c.status IN %s
                )
                SELECT version FROM m
                """.formatted(from(CallStatus.SENDING)))
                .params(ts(now), ts(now), m.id(), m.version(), ts(now), m.callNumber(), ts(now))
                .query((rs, n) -> rs.getLong(1))
                .optional()
                .map(m::withVersion)
                .orElse(null);
    }

    /** Whether a queued message is due now, for all instances. */
    boolean anyDue(Instant now) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM voice_message
                                WHERE status = 'QUEUED' AND next_attempt_at <= ? AND valid_until > ?
                                  AND session_id IS NULL)
                """)
                .params(ts(now), ts(now))
                .query(Boolean.class)
                .single();
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
     * Writes the outcome, its call's status and the attempt rows in one transaction. Returns null when the row was
     * ours, else what it is now (a session summary or the lease sweep got there first).
     */
    Conflict finish(ClaimedMessage m, Outcome outcome, Instant now, List<AttemptView> rows) {
        if (!MessageStatus.SENDING.canMoveTo(outcome.status())) {
            throw new IllegalStateException("SENDING cannot move to " + outcome.status());
        }
        CallStatus call = CallStatus.of(outcome.status());
        return transactions.execute(tx -> {
            int updated = jdbc.sql("""
                    WITH m AS (
                        UPDATE voice_message
                           SET status = ?, attempts = attempts + ?, next_attempt_at = ?, waiting_for = ?,
                               last_error = ?,
                               status_code = COALESCE(?, status_code), status_message = COALESCE(?, status_message),
                               lease_owner = NULL, lease_until = NULL, post_started_at = NULL, version = version + 1,
                               updated_at = ?
                         WHERE id = ? AND version = ? AND status = 'SENDING'
                        RETURNING id, current_call
                    ), calls AS (
                        UPDATE voice_call c
                           SET status = ?, ended_at = CASE WHEN ? THEN ? ELSE c.ended_at END,
                               unknown_at = CASE WHEN ? THEN ? ELSE c.unknown_at END
                          FROM m WHERE c.message_id = m.id AND c.call_number = m.current_call AND c.status IN %s
                    )
                    SELECT count(*) FROM m
                    """.formatted(fromOrSame(call)))
                    .params(outcome.status().name(), outcome.attemptsDelta(), ts(outcome.nextAttemptAt()),
                            outcome.waitingFor() == null ? null : outcome.waitingFor().name(),
                            outcome.lastError(), outcome.statusCode(), outcome.statusMessage(), ts(now), m.id(),
                            m.version(), call.name(), call.isFinal(), ts(now), call == CallStatus.UNKNOWN, ts(now))
                    .query(Integer.class)
                    .single();
            insertAttempts(m.id(), rows);
            if (updated == 1) {
                // The sender's events, in this transaction: after the attempt rows, so the snapshot has them.
                if (outcome.status() == MessageStatus.UNKNOWN) {
                    events.publish(new LedgerEvent.CallOutcomeUnknown(m.id(), m.callNumber()));
                }
                events.publishIfFinal(m.id(), outcome.status());
            }
            return updated == 1 ? null : current(m.id());
        });
    }

    /**
     * Records 8x8's CREATED answer on the message and its call. If the row moved meanwhile (a session summary beat
     * us, or the lease sweep declared it UNKNOWN), the statuses stay as they are now, but the call's session id and
     * codes are still stored.
     *
     * @return true when the session id is now stored on the call
     */
    boolean finishSubmitted(ClaimedMessage m, SendResult.Created created, int attemptsDelta, Instant now,
            List<AttemptView> rows) {
        Boolean stored = transactions.execute(tx -> {
            int updated = jdbc.sql("""
                    WITH m AS (
                        UPDATE voice_message
                           SET status = 'SUBMITTED', attempts = attempts + ?, next_attempt_at = NULL,
                               last_error = NULL, session_id = ?, call_flow_request_id = ?, status_code = ?,
                               status_message = ?, lease_owner = NULL, lease_until = NULL, post_started_at = NULL,
                               version = version + 1, updated_at = ?
                         WHERE id = ? AND version = ? AND status = 'SENDING'
                        RETURNING id, current_call
                    ), calls AS (
                        UPDATE voice_call c SET status = 'SUBMITTED', session_id = ?, call_flow_request_id = ?
                          FROM m WHERE c.message_id = m.id AND c.call_number = m.current_call AND c.status IN %s
                    )
                    SELECT count(*) FROM m
                    """.formatted(from(CallStatus.SUBMITTED)))
                    .params(attemptsDelta, created.sessionId(), created.callFlowRequestId(), created.statusCode(),
                            created.statusMessage(), ts(now), m.id(), m.version(), created.sessionId(),
                            created.callFlowRequestId())
                    .query(Integer.class)
                    .single();
            boolean submitted = updated == 1;
            if (updated == 0) {
                // The message row first (its lock), then the call; the message keeps the session only while it is
                // still on this call.
                jdbc.sql("""
                        UPDATE voice_message
                           SET session_id = COALESCE(session_id, ?), call_flow_request_id = ?, status_code = ?,
                               status_message = ?, version = version + 1, updated_at = ?
                         WHERE id = ? AND current_call = ?
                        """)
                        .params(created.sessionId(), created.callFlowRequestId(), created.statusCode(),
                                created.statusMessage(), ts(now), m.id(), m.callNumber())
                        .update();
                updated = jdbc.sql("""
                        UPDATE voice_call
                           SET session_id = COALESCE(session_id, ?),
                               call_flow_request_id = COALESCE(call_flow_request_id, ?)
                         WHERE message_id = ? AND call_number = ?
                        """)
                        .params(created.sessionId(), created.callFlowRequestId(), m.id(), m.callNumber())
                        .update();
            }
            insertAttempts(m.id(), rows);
            if (submitted) {
                events.publish(new LedgerEvent.CallSubmitted(m.id(), m.callNumber()));
            }
            return updated == 1;
        });
        return Boolean.TRUE.equals(stored) && created.sessionId() != null;
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

    /** The call statuses that may move to {@code to}, as an SQL list: the guard is the state machine itself. */
    static String from(CallStatus to) {
        return sqlList(Arrays.stream(CallStatus.values()).filter(s -> s.canMoveTo(to)).toList());
    }

    /** As {@link #from}, plus {@code to} itself (a deferral leaves a QUEUED call QUEUED). */
    static String fromOrSame(CallStatus to) {
        return sqlList(Arrays.stream(CallStatus.values()).filter(s -> s == to || s.canMoveTo(to)).toList());
    }

    private static String sqlList(List<CallStatus> statuses) {
        return statuses.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));
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

    static ClaimedMessage claimed(ResultSet rs, int n) throws SQLException {
        return ClaimedMessage.of(rs);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
