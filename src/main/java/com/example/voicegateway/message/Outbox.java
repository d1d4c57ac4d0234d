package com.example.voicegateway.message;

import static com.example.voicegateway.config.JdbcTime.ts;

import com.example.voicegateway.message.internal.DispatchAttempts;
import com.example.voicegateway.message.internal.LedgerEvents;
import com.example.voicegateway.message.internal.SuppressionMatch;
import com.example.voicegateway.schedule.Priority;
import com.example.voicegateway.schedule.WaitingFor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's dispatch commands: the claim, the POST-start mark and 8x8's answer ({@link DueQueue} has the
 * queue's reads). The call is the outbox row: every command here moves one {@code voice_call} row, guarded by the
 * state machine's own list of statuses that may make the move ({@link StatusGuards}) and, after the claim, by the
 * {@code version} the claim (or the POST-start mark) returned plus {@code status = 'SENDING'}. Only an outcome that
 * ends the message (8x8 refused the callflow, retries ran out, validUntil passed) writes the message row too, and it
 * locks that row first, as every writer of a message and its calls does (settlement, cancel, the sweeps).
 *
 * <p>The claim statements join the caller's transaction when there is one (the fair claim runs several under one
 * advisory lock); the outcome writes open their own.
 *
 * <p>A component, not a {@code @Repository}: JDBC errors are translated already, and the repository's translation
 * would turn a refused move (a bug) into a data access error the dispatcher retries until the lease ends.
 */
@Component
public class Outbox {

    /** The claim's UPDATE around a selection of due calls, returning the call with its message's request. */
    private static final String CLAIM_TEMPLATE = """
            WITH claimed AS (
                UPDATE voice_call c
                   SET status = 'SENDING', lease_owner = ?, lease_until = ?, attempts = c.attempts + 1,
                       next_attempt_at = NULL, waiting_for = NULL, post_started_at = NULL, version = c.version + 1,
                       updated_at = ?
                 WHERE (c.message_id, c.call_number) IN (%s)
                RETURNING c.message_id, c.call_number, c.version, c.attempts, c.kind, c.client_request_id,
                          c.destination, c.valid_until, c.lease_until, c.client_name
            )
            SELECT c.message_id AS id, c.version, c.attempts, c.call_number, c.kind, c.client_request_id,
                   c.destination, m.source, m.text, m.audio_url, m.voice_profile, m.repetition, m.speed, c.valid_until,
                   c.lease_until, m.ack_prompt, m.ack_timeout_ms, m.ack_tries, m.send_at, m.window_from, m.window_to,
                   m.window_days, m.window_zone, c.client_name, m.opt_out_prompt, m.source_given,
                   (%s) AS suppressed_by
              FROM claimed c JOIN voice_message m ON m.id = c.message_id
            """;

    /**
     * Whether a claimed call's number is on a do-not-call list now (by number: an entry made after the message was
     * accepted still holds it, see docs/design.md): such a call is claimed like any other, so the claim stays one
     * statement, and {@link CallSuppression} ends it before anything is posted.
     */
    private static final String SUPPRESSED = SuppressionMatch.list("c.client_name", "c.destination", null, "?");

    // One priority per statement: each is a range scan of voice_call_due_by_priority, so neither a LOW backlog nor
    // HIGH rows scheduled for later cost the claim a scan. A call with a session id has reached 8x8 (it exists) and
    // is never claimed again, whatever its status says.
    private static final String CLAIM = CLAIM_TEMPLATE.formatted("""
            SELECT message_id, call_number FROM voice_call
             WHERE status = 'QUEUED' AND priority = ? AND next_attempt_at <= ? AND valid_until > ?
               AND session_id IS NULL
             ORDER BY next_attempt_at
             LIMIT ?
             FOR UPDATE SKIP LOCKED""", SUPPRESSED);

    /** The same claim, of one priority, each client's oldest due calls up to its own count (its fair share). */
    private static final String CLAIM_PER_CLIENT = CLAIM_TEMPLATE.formatted("""
            SELECT due.message_id, due.call_number FROM unnest(?::text[], ?::int[]) AS share(client_name, n)
             CROSS JOIN LATERAL (SELECT message_id, call_number FROM voice_call
                                  WHERE status = 'QUEUED' AND client_name = share.client_name AND priority = ?
                                    AND next_attempt_at <= ? AND valid_until > ? AND session_id IS NULL
                                  ORDER BY next_attempt_at
                                  LIMIT share.n
                                  FOR UPDATE SKIP LOCKED) due""", SUPPRESSED);

    private static final String MARK_POST_STARTED = """
            UPDATE voice_call
               SET post_started_at = COALESCE(post_started_at, ?), started_at = COALESCE(started_at, ?),
                   version = version + 1, updated_at = ?
             WHERE message_id = ? AND call_number = ? AND version = ? AND status = 'SENDING' AND lease_until > ?
            RETURNING version
            """;

    private static final String RECORD_ACCEPTED = """
            UPDATE voice_call
               SET status = 'SUBMITTED', attempts = attempts + ?, next_attempt_at = NULL, last_error = NULL,
                   session_id = ?, call_flow_request_id = ?, status_code = ?, status_message = ?, lease_owner = NULL,
                   lease_until = NULL, post_started_at = NULL, version = version + 1, updated_at = ?
             WHERE message_id = ? AND call_number = ? AND version = ? AND status = 'SENDING'
            """;

    /**
     * An outcome for a call the dispatcher still holds: QUEUED again (a retry known to be safe, or a deferral),
     * UNKNOWN, or one that ends the call (and with it the message: REJECTED, FAILED, EXPIRED).
     *
     * @param attemptsDelta what to add to the claim's count of attempts (a POST that did not happen gives one back)
     */
    public record Outcome(CallStatus status, int attemptsDelta, Instant nextAttemptAt, String lastError,
            Integer statusCode, String statusMessage, WaitingFor waitingFor) {

        public Outcome(CallStatus status, int attemptsDelta, Instant nextAttemptAt, String lastError,
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

    /** What the call is now, after an outcome write that lost its race (null status: the row is gone). */
    public record Conflict(CallStatus status) {
    }

    /** A call the fair claim took, and the client it was charged to. */
    public record ClientClaim(String client, ClaimedMessage message) {
    }

    private final JdbcClient jdbc;
    private final DispatchAttempts attempts;
    private final TransactionTemplate transactions;
    private final LedgerEvents events;
    private final CallSuppression suppression;

    Outbox(JdbcClient jdbc, DispatchAttempts attempts, TransactionTemplate transactions, LedgerEvents events,
            CallSuppression suppression) {
        this.jdbc = jdbc;
        this.attempts = attempts;
        this.transactions = transactions;
        this.events = events;
        this.suppression = suppression;
    }

    /**
     * A claimed call whose number the claim found on a do-not-call list ({@link ClaimedMessage#suppressedBy()}):
     * nothing is posted; the call ends SUPPRESSED and the message with it, or its next fallback is due at once
     * ({@link CallSuppression}). False when the call was no longer the claim's.
     */
    public boolean recordSuppressed(ClaimedMessage m, Instant now) {
        return suppression.suppress(m, now);
    }

    /**
     * Claims at most {@code limit} due calls, highest priority first, then by due time. One statement per priority,
     * so one short transaction each unless the caller has one: the calls are SENDING and leased by the time it
     * returns, with no POST begun ({@code post_started_at} is set by {@link #markPostStarted} just before one).
     */
    public List<ClaimedMessage> claimDue(String owner, Instant now, Instant leaseUntil, int limit) {
        return claimDue(owner, now, leaseUntil, limit, EnumSet.allOf(Priority.class));
    }

    /** Like {@link #claimDue}, only of {@code priorities} (those the caller knows to have due calls). */
    public List<ClaimedMessage> claimDue(String owner, Instant now, Instant leaseUntil, int limit,
            Set<Priority> priorities) {
        StatusGuards.require(CallStatus.QUEUED, CallStatus.SENDING);
        List<ClaimedMessage> claimed = new ArrayList<>(limit);
        for (Priority priority : Priority.values()) {
            if (!priorities.contains(priority)) {
                continue;
            }
            if (claimed.size() == limit) {
                break;
            }
            claimed.addAll(jdbc.sql(CLAIM)
                    .params(owner, ts(leaseUntil), ts(now), priority.name(), ts(now), ts(now), limit - claimed.size(),
                            ts(now))
                    .query((rs, n) -> ClaimedMessage.of(rs))
                    .list());
        }
        return claimed;
    }

    /**
     * Like {@link #claimDue}, for one priority: at most {@code shares.get(client)} of each client's due calls,
     * oldest first, in one statement.
     */
    public List<ClientClaim> claimDueFor(Priority priority, Map<String, Integer> shares, String owner, Instant now,
            Instant leaseUntil) {
        StatusGuards.require(CallStatus.QUEUED, CallStatus.SENDING);
        String[] clients = shares.keySet().toArray(String[]::new);
        Integer[] limits = Arrays.stream(clients).map(shares::get).toArray(Integer[]::new);
        return jdbc.sql(CLAIM_PER_CLIENT)
                .params(owner, ts(leaseUntil), ts(now), clients, limits, priority.name(), ts(now), ts(now), ts(now))
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
                .params(ts(now), ts(now), ts(now), m.id(), m.callNumber(), m.version(), ts(now))
                .query((rs, n) -> rs.getLong(1))
                .optional()
                .map(m::withVersion)
                .orElse(null);
    }

    /**
     * Writes a send's outcome on its call, and on its message when the outcome ends the call, with the attempt rows,
     * in one transaction. Returns null when the row was ours, else what it is now (a session summary or the lease
     * sweep got there first).
     */
    public Conflict recordSendOutcome(ClaimedMessage m, Outcome outcome, Instant now, List<AttemptView> rows) {
        CallStatus call = outcome.status();
        StatusGuards.require(CallStatus.SENDING, call);
        return transactions.execute(tx -> {
            if (call.isFinal()) {
                // The message row first, as every writer of a message and its calls locks them.
                jdbc.sql("SELECT 1 FROM voice_message WHERE id = ? FOR NO KEY UPDATE").param(m.id()).query().listOfRows();
            }
            int updated = jdbc.sql("""
                    UPDATE voice_call
                       SET status = ?, attempts = attempts + ?, next_attempt_at = ?, waiting_for = ?, last_error = ?,
                           status_code = COALESCE(?, status_code), status_message = COALESCE(?, status_message),
                           lease_owner = NULL, lease_until = NULL, post_started_at = NULL,
                           ended_at = CASE WHEN ? THEN ? ELSE ended_at END,
                           unknown_at = CASE WHEN ? THEN ? ELSE unknown_at END,
                           version = version + 1, updated_at = ?
                     WHERE message_id = ? AND call_number = ? AND version = ? AND status = 'SENDING'
                    """)
                    .params(call.name(), outcome.attemptsDelta(), ts(outcome.nextAttemptAt()),
                            outcome.waitingFor() == null ? null : outcome.waitingFor().name(), outcome.lastError(),
                            outcome.statusCode(), outcome.statusMessage(), call.isFinal(), ts(now),
                            call == CallStatus.UNKNOWN, ts(now), ts(now), m.id(), m.callNumber(), m.version())
                    .update();
            boolean ended = updated == 1 && call.isFinal() && finish(m.id(), call.messageStatus(), now);
            record(m.id(), rows);
            if (updated == 1) {
                // The sender's events, in this transaction: after the attempt rows, so the snapshot has them.
                if (call == CallStatus.UNKNOWN) {
                    events.publish(new LedgerEvent.CallOutcomeUnknown(m.id(), m.callNumber()));
                }
                if (call.isFinal()) {
                    events.publish(new LedgerEvent.CallEnded(m.id(), m.callNumber(), m.kind(), call));
                }
                if (ended) {
                    events.publish(new LedgerEvent.MessageFinished(m.id(), call.messageStatus()));
                }
            }
            return updated == 1 ? null : current(m);
        });
    }

    /**
     * Records 8x8's CREATED answer on the call. If the call moved meanwhile (a session summary beat us, or the lease
     * sweep declared it UNKNOWN), its status stays as it is now, but its session id and codes are still stored.
     *
     * @param attemptsDelta what to add to the claim's count of attempts (in-process retries before this answer)
     * @return true when the session id is now stored on the call
     */
    public boolean recordAccepted(ClaimedMessage m, Accepted accepted, int attemptsDelta, Instant now,
            List<AttemptView> rows) {
        StatusGuards.require(CallStatus.SENDING, CallStatus.SUBMITTED);
        Boolean stored = transactions.execute(tx -> {
            int updated = jdbc.sql(RECORD_ACCEPTED)
                    .params(attemptsDelta, accepted.sessionId(), accepted.callFlowRequestId(), accepted.statusCode(),
                            accepted.statusMessage(), ts(now), m.id(), m.callNumber(), m.version())
                    .update();
            boolean submitted = updated == 1;
            if (!submitted) {
                // No status moves here, only 8x8's identifiers and codes.
                updated = jdbc.sql("""
                        UPDATE voice_call
                           SET session_id = COALESCE(session_id, ?),
                               call_flow_request_id = COALESCE(call_flow_request_id, ?),
                               status_code = ?, status_message = ?, version = version + 1, updated_at = ?
                         WHERE message_id = ? AND call_number = ?
                        """)
                        .params(accepted.sessionId(), accepted.callFlowRequestId(), accepted.statusCode(),
                                accepted.statusMessage(), ts(now), m.id(), m.callNumber())
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

    /** Writes the message's outcome when it has none yet; true when it did. The message row is locked already. */
    private boolean finish(UUID id, MessageStatus outcome, Instant now) {
        return jdbc.sql("""
                UPDATE voice_message SET outcome = ?, updated_at = ? WHERE id = ? AND outcome IS NULL
                """)
                .params(outcome.name(), ts(now), id)
                .update() == 1;
    }

    private Conflict current(ClaimedMessage m) {
        return jdbc.sql("SELECT status FROM voice_call WHERE message_id = ? AND call_number = ?")
                .params(m.id(), m.callNumber())
                .query((rs, n) -> new Conflict(CallStatus.valueOf(rs.getString(1))))
                .optional()
                .orElse(new Conflict(null));
    }

    private void record(UUID id, List<AttemptView> rows) {
        for (AttemptView row : rows) {
            attempts.record(id, row);
        }
    }
}
