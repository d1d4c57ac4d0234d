package com.example.voicegateway.dispatch;

import com.example.voicegateway.message.AttemptView;
import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.DispatchAttempts;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.LedgerEvent;
import com.example.voicegateway.message.LedgerEvents;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the claim loop settles every poll interval, for every instance's rows: queued messages past their
 * validUntil, leases a dead or hung dispatcher left behind, and unknown outcomes no summary settled in time. Each
 * sweep is one bounded statement ({@code SKIP LOCKED}, at most {@value #BATCH} rows) that moves the message and its
 * current call together, like {@link DispatchStore}'s writes.
 */
@Component
class OutboxSweeps {

    private static final Logger log = LoggerFactory.getLogger(OutboxSweeps.class);

    static final String LEASE_EXPIRED = "outcome unknown: the lease expired while a POST was under way (the gateway"
            + " stopped or hung mid-send); never re-sent, waiting for 8x8's session summary";
    static final String LEASE_EXPIRED_UNSENT = "the lease expired before any POST began (the gateway stopped or hung"
            + " while waiting to send): nothing was sent, queued again";

    private static final int BATCH = 1000;

    static final List<DispatchStore.Move<MessageStatus>> MESSAGE_MOVES = List.of(
            new DispatchStore.Move<>("expireQueued", MessageStatus.QUEUED, MessageStatus.EXPIRED),
            new DispatchStore.Move<>("expireLeases", MessageStatus.SENDING, MessageStatus.UNKNOWN),
            new DispatchStore.Move<>("expireLeases", MessageStatus.SENDING, MessageStatus.QUEUED),
            new DispatchStore.Move<>("failUnsettled", MessageStatus.UNKNOWN, MessageStatus.FAILED));

    static final List<DispatchStore.Move<CallStatus>> CALL_MOVES = List.of(
            new DispatchStore.Move<>("expireQueued", CallStatus.QUEUED, CallStatus.EXPIRED),
            new DispatchStore.Move<>("expireLeases", CallStatus.SENDING, CallStatus.UNKNOWN),
            new DispatchStore.Move<>("failUnsettled", CallStatus.UNKNOWN, CallStatus.FAILED));

    /** A message a sweep ended, with the kind of its current call (null if it had none). */
    record Ended(UUID id, CallKind kind) {
    }

    /** What the lease sweep did to one message. */
    record Lost(UUID id, boolean postStarted) {
    }

    private final JdbcClient jdbc;
    private final DispatchAttempts attempts;
    private final TransactionTemplate transactions;
    private final LedgerEvents events;
    private final DispatchMetrics metrics;

    OutboxSweeps(JdbcClient jdbc, DispatchAttempts attempts, TransactionTemplate transactions, LedgerEvents events,
            DispatchMetrics metrics) {
        this.jdbc = jdbc;
        this.attempts = attempts;
        this.transactions = transactions;
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * Runs the three sweeps, counting and logging what they did.
     *
     * @return true when a lost lease put messages back in the queue: the claim loop should look again at once
     */
    boolean sweep(Instant now, Duration unknownOutcomeWindow) {
        for (Ended expired : expireQueued(now, DispatchPolicy.EXPIRED_BEFORE_SENDING)) {
            metrics.attempt(AttemptOutcome.EXPIRED);
            if (expired.kind() != null) {
                metrics.callEnded(expired.kind(), CallStatus.EXPIRED);
            }
        }
        List<Lost> lost = expireLeases(now, LEASE_EXPIRED, LEASE_EXPIRED_UNSENT);
        List<UUID> unknown = lost.stream().filter(Lost::postStarted).map(Lost::id).toList();
        if (!unknown.isEmpty()) {
            unknown.forEach(id -> metrics.attempt(AttemptOutcome.UNKNOWN));
            log.warn("{} message(s) were SENDING past their lease with a POST under way and are now UNKNOWN (never"
                    + " re-sent): {}", unknown.size(), unknown.size() > 10 ? unknown.subList(0, 10) + "..." : unknown);
        }
        boolean requeued = unknown.size() < lost.size();
        if (requeued) {
            log.warn("{} message(s) were SENDING past their lease before any POST began and are queued again",
                    lost.size() - unknown.size());
        }
        List<Ended> unsettled = failUnsettled(now, now.minus(unknownOutcomeWindow),
                "outcome unknown: no session summary arrived within " + unknownOutcomeWindow);
        unsettled.stream().filter(e -> e.kind() != null).forEach(e -> metrics.callEnded(e.kind(), CallStatus.FAILED));
        if (!unsettled.isEmpty()) {
            log.warn("{} UNKNOWN message(s) had no session summary within {} and are now FAILED",
                    unsettled.size(), unknownOutcomeWindow);
        }
        return requeued;
    }

    /** Queued messages whose validUntil has passed: their planned call was never placed, EXPIRED. */
    List<Ended> expireQueued(Instant now, String lastError) {
        return end(MessageStatus.EXPIRED, "next_attempt_at = NULL,",
                "SELECT id FROM voice_message WHERE status = 'QUEUED' AND valid_until <= ?", lastError, now, now);
    }

    /** UNKNOWN for longer than the window and no summary settled it: FAILED, saying why. */
    List<Ended> failUnsettled(Instant now, Instant unknownSince, String lastError) {
        return end(MessageStatus.FAILED, "", """
                SELECT id FROM voice_message v WHERE status = 'UNKNOWN' AND updated_at < ?
                   -- flagged by reconciliation: several calls in 8x8's log could be it; ops decide
                   AND NOT EXISTS (SELECT 1 FROM reconcile_flag f WHERE f.message_id = v.id
                                     AND f.call_number = v.current_call)""", lastError, now, unknownSince);
    }

    /**
     * Ends the selected messages (at most a batch, skipping locked rows) and their current calls in {@code to},
     * recording each one's final event in the same transaction.
     */
    private List<Ended> end(MessageStatus to, String alsoSet, String selection, String lastError, Instant now,
            Instant selectionParameter) {
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
                    SELECT m.id, calls.kind FROM m LEFT JOIN calls ON calls.message_id = m.id
                    """.formatted(alsoSet, selection, BATCH, DispatchStore.from(call)))
                    .params(to.name(), lastError, ts(now), ts(selectionParameter), call.name(), ts(now))
                    .query(OutboxSweeps::ended)
                    .list();
            ended.forEach(e -> events.publishIfFinal(e.id(), to));
            return ended;
        });
    }

    /**
     * A dispatcher died (or hung) with a message SENDING. If its POST may have begun, the callflow may have gone
     * out: UNKNOWN, never QUEUED again. If no POST began (it was waiting for a rate permit or a pool slot), nothing
     * went out, so the message goes back to the queue, due now, with the claim's attempt given back.
     */
    List<Lost> expireLeases(Instant now, String unknownError, String requeuedError) {
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
                    """.formatted(BATCH, DispatchStore.from(CallStatus.UNKNOWN)))
                    .params(ts(now), requeuedError, unknownError, ts(now), ts(now), ts(now))
                    .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getInt(2), rs.getInt(3),
                            rs.getBoolean(4)})
                    .list();
            for (Object[] row : lost) {
                if ((Boolean) row[3]) {
                    attempts.record((UUID) row[0], new AttemptView((Integer) row[2], (Integer) row[1], now, null,
                            null, null, null, AttemptOutcome.UNKNOWN.name(), unknownError));
                    events.publish(new LedgerEvent.CallOutcomeUnknown((UUID) row[0], (Integer) row[2]));
                }
            }
            return lost.stream().map(r -> new Lost((UUID) r[0], (Boolean) r[3])).toList();
        });
    }

    private static Ended ended(ResultSet rs, int n) throws SQLException {
        String kind = rs.getString(2);
        return new Ended(rs.getObject(1, UUID.class), kind == null ? null : CallKind.valueOf(kind));
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
