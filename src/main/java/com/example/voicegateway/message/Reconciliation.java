package com.example.voicegateway.message;

import static com.example.voicegateway.config.JdbcTime.ts;

import com.example.voicegateway.message.internal.LedgerEvents;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger's side of reconciliation against 8x8's log exports: which calls need explaining, and what a verdict
 * that proves no outcome writes on a call and its message (an outcome it proves is settled like a summary's). Every
 * write is guarded by the message's version as the call was read, so a session summary that lands meanwhile always
 * wins, and writes the message row first (its lock), like every other writer of calls. The callers keep their own
 * notes of what they did and write them in the same transaction.
 */
@Component
public class Reconciliation {

    /**
     * A call reconciliation must explain: SUBMITTED past its grace without a summary, or UNKNOWN.
     *
     * @param attemptAt when the POST that left it in this state began (for UNKNOWN, possibly only when the lease
     *                  sweep noticed it)
     * @param version   the call's version when read: the commands below are guarded by it
     */
    public record CallToReconcile(UUID messageId, int callNumber, String clientName, CallStatus status,
            String sessionId, String destination, Instant attemptAt, Instant validUntil, int attempts,
            long version) {
    }

    /**
     * An UNKNOWN call 8x8's logs prove was never placed, as it was read.
     *
     * @param sendBy       validUntil must be after this for another POST to be worth it
     * @param ifRequeued   the message's lastError when it is sent again
     * @param ifFailed     its lastError when it fails instead
     */
    public record NeverPlacedCall(UUID messageId, int callNumber, long version, int maxAttempts, Instant sendBy,
            String ifRequeued, String ifFailed) {
    }

    /** What became of a never-placed call. */
    public enum NeverPlaced { REQUEUED, FAILED, RACED }

    private final NamedParameterJdbcTemplate jdbc;
    private final LedgerEvents events;

    Reconciliation(NamedParameterJdbcTemplate jdbc, LedgerEvents events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * UNKNOWN calls not flagged for ops, and SUBMITTED calls whose summary is {@code grace} late: counted from
     * validUntil or from the call's start, whichever is later. Only a message's current call can be either.
     */
    public List<CallToReconcile> callsToReconcile(Instant now, Duration grace, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("submittedBefore", ts(now.minus(grace)))
                .addValue("limit", limit);
        // Flagged calls are left out in the statement, not afterwards, so the limit counts only calls to explain.
        List<CallToReconcile> candidates = jdbc.query("""
                SELECT c.message_id, c.call_number, c.client_name, c.status, c.session_id, c.destination,
                       c.valid_until, c.attempts, c.version,
                       COALESCE((SELECT max(a.started_at) FROM dispatch_attempt a
                                  WHERE a.message_id = c.message_id AND a.call_number = c.call_number
                                    AND a.outcome = c.status),
                                c.unknown_at, c.started_at, c.updated_at) AS attempt_at
                FROM voice_call c
                WHERE (c.status = 'UNKNOWN' OR (c.status = 'SUBMITTED' AND c.valid_until <= :submittedBefore))
                  AND NOT EXISTS (SELECT 1 FROM reconcile_flag f
                                   WHERE f.message_id = c.message_id AND f.call_number = c.call_number)
                ORDER BY attempt_at, c.message_id
                LIMIT :limit
                """, params, Reconciliation::callToReconcile);
        List<CallToReconcile> due = new ArrayList<>(candidates.size());
        for (CallToReconcile call : candidates) {
            if (call.status() == CallStatus.UNKNOWN || !call.attemptAt().plus(grace).isAfter(now)) {
                due.add(call);
            }
        }
        return due;
    }

    /** Which of these sessionIds already belong to a call of ours. */
    public Set<String> knownSessions(Collection<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("""
                SELECT session_id FROM voice_call WHERE session_id IN (:ids)
                """, new MapSqlParameterSource("ids", sessionIds), String.class));
    }

    /** Whether any call of ours reached 8x8 in [from, to): a day without calls needs no cost export. */
    public boolean anyCallsBetween(Instant from, Instant to) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM voice_call WHERE session_id IS NOT NULL
                                  AND COALESCE(started_at, planned_at) >= :from
                                  AND COALESCE(started_at, planned_at) < :to)
                """, new MapSqlParameterSource().addValue("from", ts(from)).addValue("to", ts(to)), Boolean.class));
    }

    /**
     * 8x8's log shows the UNKNOWN call, not yet ended: its sessionId is recorded (no status moves), so its summary
     * can settle it. False when the message moved meanwhile or already had a session.
     */
    @Transactional
    public boolean recordFoundSession(UUID messageId, int callNumber, long version, String sessionId, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("sessionId", sessionId)
                .addValue("now", ts(now))
                .addValue("id", messageId)
                .addValue("n", callNumber)
                .addValue("version", version);
        return jdbc.update("""
                UPDATE voice_call SET session_id = :sessionId, version = version + 1, updated_at = :now
                 WHERE message_id = :id AND call_number = :n AND version = :version AND status = 'UNKNOWN'
                   AND session_id IS NULL
                """, params) == 1;
    }

    /**
     * The UNKNOWN call was left for ops (several rows could be it): its lastError (its message's) says why; no
     * status moves. A call that moved on meanwhile keeps its own lastError.
     */
    @Transactional
    public void noteFlagged(UUID messageId, int callNumber, String why, Instant now) {
        jdbc.update("""
                UPDATE voice_call SET last_error = :lastError, version = version + 1, updated_at = :now
                 WHERE message_id = :id AND call_number = :n AND status = 'UNKNOWN'
                """, new MapSqlParameterSource()
                .addValue("lastError", "outcome unknown, " + why)
                .addValue("now", ts(now))
                .addValue("id", messageId)
                .addValue("n", callNumber));
    }

    /**
     * 8x8's logs prove the UNKNOWN call was never placed: it is QUEUED again (same number and clientRequestId, due at
     * once, counting against max-attempts) when attempts and validUntil leave room; else it ends NOT_PLACED and its
     * message FAILED. The only way an UNKNOWN call is ever followed by another POST.
     */
    @Transactional
    public NeverPlaced requeueNeverPlaced(NeverPlacedCall call, Instant now) {
        StatusGuards.require(CallStatus.UNKNOWN, CallStatus.QUEUED);
        StatusGuards.require(CallStatus.UNKNOWN, CallStatus.NOT_PLACED);
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("max", call.maxAttempts())
                .addValue("sendBy", ts(call.sendBy()))
                .addValue("now", ts(now))
                .addValue("requeued", call.ifRequeued())
                .addValue("failed", call.ifFailed())
                .addValue("id", call.messageId())
                .addValue("n", call.callNumber())
                .addValue("version", call.version())
                .addValue("outcome", MessageStatus.FAILED.name());
        // The message row first, as every writer of a message and its calls locks them (it may get its outcome).
        if (jdbc.queryForList("SELECT 1 FROM voice_message WHERE id = :id AND outcome IS NULL FOR NO KEY UPDATE", params)
                .isEmpty()) {
            return NeverPlaced.RACED;
        }
        List<Map<String, Object>> moved = jdbc.queryForList("""
                UPDATE voice_call
                   SET status = CASE WHEN attempts < :max AND valid_until > :sendBy THEN 'QUEUED' ELSE 'NOT_PLACED' END,
                       next_attempt_at = CASE WHEN attempts < :max AND valid_until > :sendBy
                                              THEN CAST(:now AS timestamptz) END,
                       due_at = CASE WHEN attempts < :max AND valid_until > :sendBy THEN CAST(:now AS timestamptz)
                                     ELSE due_at END,
                       ended_at = CASE WHEN attempts < :max AND valid_until > :sendBy THEN NULL
                                       ELSE CAST(:now AS timestamptz) END,
                       last_error = CASE WHEN attempts < :max AND valid_until > :sendBy THEN :requeued ELSE :failed END,
                       lease_owner = NULL, lease_until = NULL, post_started_at = NULL, version = version + 1,
                       updated_at = :now
                 WHERE message_id = :id AND call_number = :n AND version = :version AND status = 'UNKNOWN'
                   AND session_id IS NULL
                RETURNING kind, status
                """, params);
        if (moved.isEmpty()) {
            return NeverPlaced.RACED;
        }
        if (CallStatus.QUEUED.name().equals(moved.get(0).get("status"))) {
            // Every instance's dispatcher hears of it from the event's listener (QueueWakeUps).
            events.publish(new LedgerEvent.CallRequeued(call.messageId(), call.callNumber()));
            return NeverPlaced.REQUEUED;
        }
        jdbc.update("UPDATE voice_message SET outcome = :outcome, updated_at = :now WHERE id = :id", params);
        events.publish(new LedgerEvent.CallEnded(call.messageId(), call.callNumber(),
                CallKind.valueOf((String) moved.get(0).get("kind")), CallStatus.NOT_PLACED));
        events.publish(new LedgerEvent.MessageFinished(call.messageId(), MessageStatus.FAILED));
        return NeverPlaced.FAILED;
    }

    private static CallToReconcile callToReconcile(ResultSet rs, int row) throws SQLException {
        return new CallToReconcile(rs.getObject("message_id", UUID.class), rs.getInt("call_number"),
                rs.getString("client_name"), CallStatus.valueOf(rs.getString("status")), rs.getString("session_id"),
                rs.getString("destination"), rs.getTimestamp("attempt_at").toInstant(),
                rs.getTimestamp("valid_until").toInstant(), rs.getInt("attempts"), rs.getLong("version"));
    }
}
