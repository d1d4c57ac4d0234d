package com.example.voicegateway.message;

import com.example.voicegateway.message.internal.DispatchAttempts;
import com.example.voicegateway.message.internal.LedgerEvents;
import com.example.voicegateway.schedule.Priority;
import com.example.voicegateway.schedule.WaitingFor;


import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;


import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's dispatch commands: the claim, the POST-start mark and 8x8's answer ({@link DueQueue} has the
 * queue's reads). Every
 * statement that changes a message row bumps {@code version} and {@code updated_at}, so JPA's optimistic locking (a
 * client's cancel) notices, and every outcome write is guarded by the version the claim (or the POST-start mark)
 * returned plus {@code status = 'SENDING'}. A statement that moves a call writes the message row first, in the same
 * statement, so it holds the message's lock like every other writer of calls. Each command checks its message move
 * with {@link StatusGuards#require} and guards its call move with the state machine's own list, so a move the state
 * machines refuse is never written.
 *
 * <p>The claim statements join the caller's transaction when there is one (the fair claim runs several under one
 * advisory lock); the outcome writes open their own.
 *
 * <p>A component, not a {@code @Repository}: JDBC errors are translated already, and the repository's translation
 * would turn a refused move (a bug) into a data access error the dispatcher retries until the lease ends.
 */
@Component
public class Outbox {

    /** The claim's UPDATE around a selection of due message ids. */
    private static final String CLAIM_TEMPLATE = """
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

    /** The same claim, of one priority, each client's oldest due messages up to its own count (its fair share). */
    private static final String CLAIM_PER_CLIENT = CLAIM_TEMPLATE.formatted("""
            SELECT due.id FROM unnest(?::text[], ?::int[]) AS share(client_name, n)
             CROSS JOIN LATERAL (SELECT id FROM voice_message
                                  WHERE status = 'QUEUED' AND client_name = share.client_name AND priority = ?
                                    AND next_attempt_at <= ? AND valid_until > ? AND session_id IS NULL
                                  ORDER BY next_attempt_at
                                  LIMIT share.n
                                  FOR UPDATE SKIP LOCKED) due""");

    private static final String MARK_POST_STARTED = """
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
            """.formatted(StatusGuards.callsMovingToSql(CallStatus.SENDING));

    private static final String RECORD_ACCEPTED = """
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
            """.formatted(StatusGuards.callsMovingToSql(CallStatus.SUBMITTED));

    /**
     * A terminal or QUEUED outcome for a message the dispatcher still holds.
     *
     * @param attemptsDelta what to add to the claim's count of attempts (a POST that did not happen gives one back)
     */
    public record Outcome(MessageStatus status, int attemptsDelta, Instant nextAttemptAt, String lastError,
            Integer statusCode, String statusMessage, WaitingFor waitingFor) {

        public Outcome(MessageStatus status, int attemptsDelta, Instant nextAttemptAt, String lastError,
                Integer statusCode, String statusMessage) {
            this(status, attemptsDelta, nextAttemptAt, lastError, statusCode, statusMessage, null);
        }

        /** The same outcome, due at {@code at} for {@code reason} (the schedule moved it). */
        public Outcome dueAt(Instant at, WaitingFor reason) {
            return new Outcome(status, attemptsDelta, at, lastError, statusCode, statusMessage, reason);
        }
    }

    /** 8x8's CREATED answer for a call. */
    public record Accepted(String sessionId, String callFlowRequestId, Integer statusCode, String statusMessage) {
    }

    /** What the message is now, after an outcome write that lost its race (null status: the row is gone). */
    public record Conflict(MessageStatus status) {
    }

    /** A message the fair claim took, and the client it was charged to. */
    public record ClientClaim(String client, ClaimedMessage message) {
    }

    private final JdbcClient jdbc;
    private final DispatchAttempts attempts;
    private final TransactionTemplate transactions;
    private final LedgerEvents events;

    Outbox(JdbcClient jdbc, DispatchAttempts attempts, TransactionTemplate transactions, LedgerEvents events) {
        this.jdbc = jdbc;
        this.attempts = attempts;
        this.transactions = transactions;
        this.events = events;
    }

    /**
     * Claims at most {@code limit} due messages, highest priority first, then by due time. One statement per
     * priority, so one short transaction each unless the caller has one: the rows are SENDING and leased by the
     * time it returns; their calls stay QUEUED until a POST is about to begin. A message whose current call has a
     * session id has reached 8x8 (the call exists) and is never claimed again, whatever its status says.
     */
    public List<ClaimedMessage> claimDue(String owner, Instant now, Instant leaseUntil, int limit) {
        StatusGuards.require(MessageStatus.QUEUED, MessageStatus.SENDING);
        List<ClaimedMessage> claimed = new ArrayList<>(limit);
        for (Priority priority : Priority.values()) {
            if (claimed.size() == limit) {
                break;
            }
            claimed.addAll(jdbc.sql(CLAIM)
                    .params(owner, ts(leaseUntil), ts(now), priority.name(), ts(now), ts(now), limit - claimed.size())
                    .query((rs, n) -> ClaimedMessage.of(rs))
                    .list());
        }
        return claimed;
    }

    /**
     * Like {@link #claimDue}, for one priority: at most {@code shares.get(client)} of each client's due messages,
     * oldest first, in one statement.
     */
    public List<ClientClaim> claimDueFor(Priority priority, Map<String, Integer> shares, String owner, Instant now,
            Instant leaseUntil) {
        StatusGuards.require(MessageStatus.QUEUED, MessageStatus.SENDING);
        String[] clients = shares.keySet().toArray(String[]::new);
        Integer[] limits = Arrays.stream(clients).map(shares::get).toArray(Integer[]::new);
        return jdbc.sql(CLAIM_PER_CLIENT)
                .params(owner, ts(leaseUntil), ts(now), clients, limits, priority.name(), ts(now), ts(now))
                .query((rs, n) -> new ClientClaim(rs.getString("client_name"), ClaimedMessage.of(rs)))
                .list();
    }

    /**
     * Records, durably, that a POST for the claimed call is about to begin: from here on a lost lease means UNKNOWN.
     * Returns the claim with the row's new version, or null when the row is no longer ours (a summary, the sweep or
     * a cancel moved it): then nothing may be posted.
     */
    public ClaimedMessage markPostStarted(ClaimedMessage m, Instant now) {
        return jdbc.sql(MARK_POST_STARTED)
                .params(ts(now), ts(now), m.id(), m.version(), ts(now), m.callNumber(), ts(now))
                .query((rs, n) -> rs.getLong(1))
                .optional()
                .map(m::withVersion)
                .orElse(null);
    }

    /**
     * Writes a send's outcome, its call's status and the attempt rows in one transaction. Returns null when the row
     * was ours, else what it is now (a session summary or the lease sweep got there first).
     */
    public Conflict recordSendOutcome(ClaimedMessage m, Outcome outcome, Instant now, List<AttemptView> rows) {
        StatusGuards.require(MessageStatus.SENDING, outcome.status());
        CallStatus call = CallStatus.of(outcome.status());
        return transactions.execute(tx -> {
            int[] moved = jdbc.sql("""
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
                        RETURNING 1
                    )
                    SELECT (SELECT count(*) FROM m), (SELECT count(*) FROM calls)
                    """.formatted(StatusGuards.callsMovingToOrStayingSql(call)))
                    .params(outcome.status().name(), outcome.attemptsDelta(), ts(outcome.nextAttemptAt()),
                            outcome.waitingFor() == null ? null : outcome.waitingFor().name(),
                            outcome.lastError(), outcome.statusCode(), outcome.statusMessage(), ts(now), m.id(),
                            m.version(), call.name(), call.isFinal(), ts(now), call == CallStatus.UNKNOWN, ts(now))
                    .query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2)})
                    .single();
            int updated = moved[0];
            record(m.id(), rows);
            if (updated == 1) {
                // The sender's events, in this transaction: after the attempt rows, so the snapshot has them.
                if (outcome.status() == MessageStatus.UNKNOWN) {
                    events.publish(new LedgerEvent.CallOutcomeUnknown(m.id(), m.callNumber()));
                }
                if (call.isFinal() && moved[1] == 1) {
                    events.publish(new LedgerEvent.CallEnded(m.id(), m.callNumber(), m.kind(), call));
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
     * @param attemptsDelta what to add to the claim's count of attempts (in-process retries before this answer)
     * @return true when the session id is now stored on the call
     */
    public boolean recordAccepted(ClaimedMessage m, Accepted accepted, int attemptsDelta, Instant now,
            List<AttemptView> rows) {
        StatusGuards.require(MessageStatus.SENDING, MessageStatus.SUBMITTED);
        Boolean stored = transactions.execute(tx -> {
            int updated = jdbc.sql(RECORD_ACCEPTED)
                    .params(attemptsDelta, accepted.sessionId(), accepted.callFlowRequestId(), accepted.statusCode(),
                            accepted.statusMessage(), ts(now), m.id(), m.version(), accepted.sessionId(),
                            accepted.callFlowRequestId())
                    .query(Integer.class)
                    .single();
            boolean submitted = updated == 1;
            if (updated == 0) {
                // No status moves here, only 8x8's identifiers. The message row first (its lock), then the call; the
                // message keeps the session only while it is still on this call.
                jdbc.sql("""
                        UPDATE voice_message
                           SET session_id = COALESCE(session_id, ?), call_flow_request_id = ?, status_code = ?,
                               status_message = ?, version = version + 1, updated_at = ?
                         WHERE id = ? AND current_call = ?
                        """)
                        .params(accepted.sessionId(), accepted.callFlowRequestId(), accepted.statusCode(),
                                accepted.statusMessage(), ts(now), m.id(), m.callNumber())
                        .update();
                updated = jdbc.sql("""
                        UPDATE voice_call
                           SET session_id = COALESCE(session_id, ?),
                               call_flow_request_id = COALESCE(call_flow_request_id, ?)
                         WHERE message_id = ? AND call_number = ?
                        """)
                        .params(accepted.sessionId(), accepted.callFlowRequestId(), m.id(), m.callNumber())
                        .update();
            }
            record(m.id(), rows);
            if (submitted) {
                events.publish(new LedgerEvent.CallSubmitted(m.id(), m.callNumber()));
            }
            return updated == 1;
        });
        return Boolean.TRUE.equals(stored) && accepted.sessionId() != null;
    }

    private Conflict current(UUID id) {
        return jdbc.sql("SELECT status FROM voice_message WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Conflict(MessageStatus.valueOf(rs.getString(1))))
                .optional()
                .orElse(new Conflict(null));
    }

    private void record(UUID id, List<AttemptView> rows) {
        for (AttemptView row : rows) {
            attempts.record(id, row);
        }
    }


    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
