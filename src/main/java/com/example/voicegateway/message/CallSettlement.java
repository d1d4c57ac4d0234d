package com.example.voicegateway.message;

import static com.example.voicegateway.config.JdbcTime.instant;
import static com.example.voicegateway.config.JdbcTime.utc;

import com.example.voicegateway.config.CallRetries;
import com.example.voicegateway.message.internal.CallPlanner;
import com.example.voicegateway.message.internal.LedgerEvents;
import com.example.voicegateway.message.internal.RedialPlan;
import com.example.voicegateway.schedule.CallSchedule;
import com.example.voicegateway.schedule.DeliveryWindow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger's command for a proven call outcome (a session summary, or 8x8's log export): the call ends, and the
 * message either ends with it (its outcome is written) or gets its next call ({@link CallPlanner} decides which). Runs
 * inside the caller's transaction; locks the message row, then its calls, like every writer of a message and its
 * calls, so a dispatcher's late write of the same call waits and then finds the call moved (its version guard fails).
 *
 * <p>The proof itself (a {@code session_summary} row) belongs to its feature: {@link #settle} hands the decision to
 * the caller's recorder, which stores the proof and says its id, before anything moves, so the call can point at the
 * summary that settled it and the sender's callback sees it. What other features know is asked through ports:
 * whether the right key was pressed ({@link AcknowledgementLookup}) and whether 8x8 placed a second session
 * ({@link SecondSessionLookup}).
 */
@Component
public class CallSettlement {

    /**
     * What a proof did to its call. SECOND_SESSION: matched by clientRequestId to a call that already has a different
     * sessionId, i.e. 8x8 placed a second session for one call; flagged, and applied only as far as the rules say.
     */
    public enum Outcome { APPLIED, DUPLICATE, CONFLICT, SECOND_SESSION, UNMATCHED, IGNORED }

    /** Which call a proof was matched to (none: UNMATCHED) and what it did to it. */
    public record Result(Outcome outcome, UUID messageId, Integer callNumber) {
    }

    /**
     * The result and the id the recorder gave its proof ({@link #NO_SUMMARY}: none); {@code messageErased}: the
     * message it matched had its personal data erased already, so the proof must be masked as it is stored.
     */
    public record Settled(Result result, long summaryId, boolean messageErased) {

        /** The call was still open and now carries the outcome. */
        public boolean applied() {
            return result.outcome() == Outcome.APPLIED;
        }
    }

    /** Stores the proof once its outcome is known and returns its id ({@link #NO_SUMMARY} when it has no row). */
    @FunctionalInterface
    public interface ProofRecorder {
        long record(Result result);
    }

    /** The call statuses a proof may settle. */
    static final Set<CallStatus> CALL_SETTLEABLE = Collections.unmodifiableSet(CallStatus.settleable());

    /** The message and all its calls, locked, and the call the proof names. */
    private record Locked(Target target, Message message, List<CallRow> calls) {
    }

    private record CallRow(CallPlanner.PastCall call, String sessionId, String clientRequestId, int attempts,
            boolean optedOut) {
    }

    private record Target(UUID messageId, int callNumber, boolean byClientRequestId) {
    }

    /** The message as settlement needs it; {@code attempts} are its current call's, {@code outcome} null while open. */
    private record Message(MessageStatus outcome, int currentCall, String destination, Instant validUntil,
            int attempts, RedialPlan redial, String ackDigit, CallSchedule schedule, boolean erased, String clientName,
            String priority, String optOutDigit) {

        Message withAttempts(int currentCallAttempts) {
            return new Message(outcome, currentCall, destination, validUntil, currentCallAttempts, redial, ackDigit,
                    schedule, erased, clientName, priority, optOutDigit);
        }
    }

    /** Call statuses whose call never reported {@code voice_message.submitted}: 8x8's answer had not been stored. */
    private static final Set<CallStatus> UNREPORTED = EnumSet.of(CallStatus.QUEUED, CallStatus.SENDING,
            CallStatus.UNKNOWN);

    private final NamedParameterJdbcTemplate jdbc;
    private final SettlementWrites writes;
    private final CallRetries dispatch;
    private final LedgerEvents events;
    private final AcknowledgementLookup keys;
    private final SecondSessionLookup secondSessions;

    CallSettlement(NamedParameterJdbcTemplate jdbc, SettlementWrites writes, CallRetries retry,
            LedgerEvents events, AcknowledgementLookup keys, SecondSessionLookup secondSessions) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.dispatch = retry;
        this.events = events;
        this.keys = keys;
        this.secondSessions = secondSessions;
    }

    /** The recorder's answer when no summary row stands behind the outcome (8x8's log export proved it). */
    public static final long NO_SUMMARY = 0;

    /** Settles an outcome that has no row of its own to record (8x8's log export proved it). */
    public Settled settle(ProvenOutcome proof, Instant now) {
        return settle(proof, now, result -> NO_SUMMARY);
    }

    /**
     * Matches and applies one proof. {@code recorder} stores (or updates) the proof once its outcome is known and
     * returns its id, so the call can point at the summary that settled it.
     */
    public Settled settle(ProvenOutcome proof, Instant now, ProofRecorder recorder) {
        ProvenOutcome facts = proof;
        Locked locked = locate(facts);
        if (locked == null) {
            Result unmatched = new Result(Outcome.UNMATCHED, null, null);
            return new Settled(unmatched, recorder.record(unmatched), false);
        }
        Target target = locked.target();
        Message message = locked.message();
        List<CallPlanner.PastCall> calls = locked.calls().stream().map(CallRow::call).toList();
        CallRow row = locked.calls().stream().filter(c -> c.call().number() == target.callNumber()).findFirst()
                .orElseThrow();
        CallPlanner.PastCall found = row.call();
        String callSession = row.sessionId();
        facts = acknowledged(facts, message, callSession);
        Outcome outcome;
        if (target.byClientRequestId() && callSession != null && facts.sessionId() != null
                && !callSession.equals(facts.sessionId())) {
            outcome = Outcome.SECOND_SESSION;
        } else if (facts.outcome() == null) {
            outcome = Outcome.IGNORED;
        } else if (CALL_SETTLEABLE.contains(found.status())) {
            outcome = Outcome.APPLIED;
        } else if (found.status() == facts.outcome()) {
            outcome = Outcome.DUPLICATE;
        } else {
            outcome = Outcome.CONFLICT;
        }
        Result result = new Result(outcome, target.messageId(), target.callNumber());
        long summaryId = recorder.record(result);
        if (outcome == Outcome.SECOND_SESSION) {
            // 8x8 placed more than one session for this call: the person may have been rung twice already, so no
            // further call may follow it; and one session that completed means the person was reached.
            markSecondSession(target, now);
            if (facts.outcome() != CallStatus.COMPLETED || !CALL_SETTLEABLE.contains(found.status())) {
                return new Settled(result, summaryId, message.erased());
            }
        }
        CallPlanner.PastCall call = outcome == Outcome.SECOND_SESSION ? new CallPlanner.PastCall(
                found.number(), found.kind(), found.destination(), found.status(), true) : found;
        if (outcome != Outcome.APPLIED && outcome != Outcome.SECOND_SESSION) {
            // Not applied, but a sessionId dispatch never stored (its answer was lost) is still worth keeping.
            recordSession(target, facts.sessionId());
            return new Settled(result, summaryId, message.erased());
        }
        if (UNREPORTED.contains(call.status()) && facts.outcome() != CallStatus.NOT_PLACED) {
            // The summary beat dispatch's bookkeeping (or 8x8's answer was lost): it proves 8x8 accepted the call,
            // so the sender hears so first, as for every call, and dispatch's late CREATED then changes nothing.
            events.publish(new LedgerEvent.CallSubmitted(target.messageId(), target.callNumber()));
        }
        StatusGuards.require(call.status(), facts.outcome());
        lateOptOut(target, message, row, facts.sessionId() != null ? facts.sessionId() : callSession, now);
        CallPlanner.Scheduled scheduled = null;
        if (call.number() == message.currentCall() && message.outcome() == null) {
            CallPlanner.PastCall ended = new CallPlanner.PastCall(call.number(), call.kind(), call.destination(),
                    facts.outcome(), call.wasUnknown());
            List<CallPlanner.PastCall> after = calls.stream().map(c -> c.number() == call.number() ? ended : c)
                    .toList();
            // An earlier call whose key came late (while this one was already on its way) has confirmed it.
            boolean confirmedEarlier = after.stream()
                    .anyMatch(c -> c.number() != call.number() && c.status() == CallStatus.ACKNOWLEDGED);
            // -2010 proves only that this session was never placed; another session of the call may have rung.
            CallPlanner.Next next = confirmedEarlier
                    ? new CallPlanner.Final(MessageStatus.ACKNOWLEDGED, "an earlier call was acknowledged")
                    : facts.outcome() == CallStatus.NOT_PLACED && hadSecondSession(target)
                    ? new CallPlanner.Final(MessageStatus.ERROR, "8x8 never placed call " + call.number()
                            + " but placed another session for it: not placed again")
                    : CallPlanner.afterOutcome(new CallPlanner.MessagePlan(message.destination(),
                    message.redial(), message.validUntil(), message.attempts(), dispatch.maxAttempts()), after,
                    ended, facts.outcome(), now,
                    dispatch.backoff(Math.max(1, message.attempts()), ThreadLocalRandom.current().nextDouble()));
            scheduled = CallPlanner.within(next, facts.outcome(), message.schedule());
        }
        writes.write(new SettlementWrites.Settlement(target.messageId(), target.callNumber(), facts,
                summaryId == NO_SUMMARY ? null : summaryId, scheduled, message.clientName(), message.priority(),
                message.validUntil(), message.attempts()), now);
        // The sender's events, in this transaction, after the call points at its summary.
        events.publish(new LedgerEvent.CallEnded(target.messageId(), target.callNumber(), call.kind(),
                facts.outcome()));
        if (scheduled != null) {
            events.publish(scheduled.next() instanceof CallPlanner.Final end
                    ? new LedgerEvent.MessageFinished(target.messageId(), end.status())
                    : new LedgerEvent.NextCallPlanned(target.messageId(), call.number(),
                            ((CallPlanner.NextCall) scheduled.next()).number()));
        }
        return new Settled(result, summaryId, message.erased());
    }

    /**
     * The opt-out key reported before the call's sessionId was known (the call action was stored UNMATCHED: dispatch's
     * answer was late or lost) counts once the summary names the session: the call is marked and
     * {@link LedgerEvent.CallOptedOut} published, as when the key matched at once.
     */
    private void lateOptOut(Target target, Message message, CallRow row, String session, Instant now) {
        if (message.optOutDigit() == null || message.erased() || row.optedOut() || session == null
                || !keys.pressed(session, message.optOutDigit())) {
            return;
        }
        int marked = jdbc.update("""
                UPDATE voice_call SET opted_out_at = CAST(:now AS timestamptz)
                 WHERE message_id = :messageId AND call_number = :n AND opted_out_at IS NULL
                """, new MapSqlParameterSource().addValue("now", utc(now))
                .addValue("messageId", target.messageId()).addValue("n", target.callNumber()));
        if (marked == 1) {
            events.publish(new LedgerEvent.CallOptedOut(target.messageId(), target.callNumber(), message.clientName(),
                    row.call().destination(), now));
        }
    }

    /**
     * With {@code acknowledge}, an answered call is {@code ACKNOWLEDGED} when a stored call action of its session
     * reported the right key (it may have come before the call's sessionId was known), else {@code NOT_ACKNOWLEDGED}.
     */
    private ProvenOutcome acknowledged(ProvenOutcome facts, Message message, String callSession) {
        if (facts.outcome() != CallStatus.COMPLETED || message.ackDigit() == null) {
            return facts;
        }
        String session = facts.sessionId() != null ? facts.sessionId() : callSession;
        boolean pressed = session != null && keys.pressed(session, message.ackDigit());
        return new ProvenOutcome(facts.sessionId(), facts.clientRequestId(),
                pressed ? CallStatus.ACKNOWLEDGED : CallStatus.NOT_ACKNOWLEDGED, facts.errorCode());
    }

    /**
     * Finds the call the proof names and locks its message with all its calls, in one statement when the proof's
     * clientRequestId is ours (the message row first, then its calls, as every writer of a message and its calls
     * locks them). Else (or when no call of that message has that clientRequestId) by the sessionId, newest call
     * first. Null: no call of ours.
     */
    private Locked locate(ProvenOutcome facts) {
        CallId id = CallId.parse(facts.clientRequestId());
        if (id != null) {
            Locked locked = lock(id.messageId(), rows -> rows.stream()
                    .filter(r -> r.call().number() == id.number()
                            && r.clientRequestId().equals(facts.clientRequestId()))
                    .findFirst().map(r -> new Target(id.messageId(), r.call().number(), true)).orElse(null));
            if (locked != null) {
                return locked;
            }
        }
        if (facts.sessionId() == null) {
            return null;
        }
        Target bySession = jdbc.query("""
                SELECT message_id, call_number FROM voice_call WHERE session_id = :sessionId
                 ORDER BY planned_at DESC LIMIT 1
                """, new MapSqlParameterSource("sessionId", facts.sessionId()),
                (rs, row) -> new Target(rs.getObject(1, UUID.class), rs.getInt(2), false))
                .stream().findFirst().orElse(null);
        return bySession == null ? null : lock(bySession.messageId(), rows -> bySession);
    }

    /** Locks the message and its calls; {@code target} picks the proof's call from them (null: none is it). */
    private Locked lock(UUID messageId, java.util.function.Function<List<CallRow>, Target> target) {
        List<Message> message = new ArrayList<>(1);
        List<CallRow> rows = jdbc.query("""
                SELECT m.outcome, m.current_call, m.destination, m.valid_until, m.max_calls, m.redial_interval_ms,
                       m.redial_on, m.fallback_destinations, m.ack_digit, m.send_at, m.window_from, m.window_to,
                       m.window_days, m.window_zone, m.personal_data_erased_at IS NOT NULL AS erased, m.client_name,
                       m.priority, m.opt_out_digit, c.call_number, c.kind, c.destination AS call_destination, c.status,
                       c.unknown_at IS NOT NULL AS was_unknown, c.session_id, c.client_request_id, c.attempts,
                       c.opted_out_at IS NOT NULL AS opted_out
                  FROM voice_message m JOIN voice_call c ON c.message_id = m.id
                 WHERE m.id = :id
                 ORDER BY c.call_number
                   FOR NO KEY UPDATE
                """, new MapSqlParameterSource("id", messageId), (rs, n) -> {
                    if (n == 0) {
                        message.add(message(rs));
                    }
                    return new CallRow(new CallPlanner.PastCall(rs.getInt("call_number"),
                            CallKind.valueOf(rs.getString("kind")), rs.getString("call_destination"),
                            CallStatus.valueOf(rs.getString("status")), rs.getBoolean("was_unknown")),
                            rs.getString("session_id"), rs.getString("client_request_id"), rs.getInt("attempts"),
                            rs.getBoolean("opted_out"));
                });
        if (rows.isEmpty()) {
            return null;
        }
        Target found = target.apply(rows);
        if (found == null) {
            return null;
        }
        Message m = message.get(0);
        // The plan counts the current call's POSTs.
        int attempts = rows.stream().filter(r -> r.call().number() == m.currentCall()).mapToInt(CallRow::attempts)
                .findFirst().orElse(0);
        return new Locked(found, m.withAttempts(attempts), rows);
    }

    private static Message message(ResultSet rs) throws SQLException {
        Instant validUntil = rs.getTimestamp("valid_until").toInstant();
        return new Message(rs.getString("outcome") == null ? null : MessageStatus.valueOf(rs.getString("outcome")),
                rs.getInt("current_call"), rs.getString("destination"), validUntil, 0,
                RedialPlan.fromColumns(rs.getInt("max_calls"), rs.getLong("redial_interval_ms"),
                        rs.getString("redial_on"), rs.getString("fallback_destinations")), rs.getString("ack_digit"),
                new CallSchedule(instant(rs, "send_at"),
                        rs.getString("window_from") == null ? null : DeliveryWindow.parse(
                                rs.getObject("window_from", LocalTime.class), rs.getObject("window_to", LocalTime.class),
                                rs.getString("window_days"), rs.getString("window_zone")), validUntil),
                rs.getBoolean("erased"), rs.getString("client_name"), rs.getString("priority"),
                rs.getString("opt_out_digit"));
    }

    /** {@code unknown_at} is what the planner reads as "never followed by another call". */
    private void markSecondSession(Target target, Instant now) {
        jdbc.update("""
                UPDATE voice_call SET unknown_at = COALESCE(unknown_at, CAST(:now AS timestamptz))
                 WHERE message_id = :messageId AND call_number = :n
                """, new MapSqlParameterSource().addValue("now", utc(now))
                .addValue("messageId", target.messageId()).addValue("n", target.callNumber()));
    }

    private boolean hadSecondSession(Target target) {
        return secondSessions.hadSecondSession(target.messageId(), target.callNumber());
    }

    private void recordSession(Target target, String sessionId) {
        if (sessionId == null) {
            return;
        }
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("sessionId", sessionId)
                .addValue("messageId", target.messageId()).addValue("n", target.callNumber());
        jdbc.update("""
                UPDATE voice_call SET session_id = :sessionId
                 WHERE message_id = :messageId AND call_number = :n AND session_id IS NULL
                """, params);
    }
}
