package com.example.voicegateway.message;

import static com.example.voicegateway.config.JdbcTime.instant;
import static com.example.voicegateway.config.JdbcTime.ts;

import com.example.voicegateway.message.internal.CallPlanner;
import com.example.voicegateway.message.internal.LedgerEvents;
import com.example.voicegateway.message.internal.RedialPlan;
import com.example.voicegateway.schedule.CallSchedule;
import com.example.voicegateway.schedule.DeliveryWindow;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's command for a claimed call whose number the claim found on a do-not-call list
 * ({@link ClaimedMessage#suppressedBy()}): nothing was posted, so the call ends SUPPRESSED (its attempt given back),
 * and {@link CallPlanner#afterSuppressed} decides whether the message ends SUPPRESSED or its next fallback is due at
 * once. Locks the message row first, then writes the call, as every writer that may end a message does; the call's
 * write is guarded by the claim's version, so a call someone else moved meanwhile is left as it is.
 */
@Component
class CallSuppression {

    private static final Logger log = LoggerFactory.getLogger(CallSuppression.class);

    private record Plan(MessageStatus outcome, int currentCall, String destination, RedialPlan redial,
            Instant validUntil, CallSchedule schedule, String clientName, String priority) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final LedgerEvents events;

    CallSuppression(JdbcClient jdbc, TransactionTemplate transactions, LedgerEvents events) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
    }

    /** Ends the claimed call SUPPRESSED; false when it was no longer the claim's (then nothing is written). */
    boolean suppress(ClaimedMessage m, Instant now) {
        SuppressionList list = m.suppressedBy();
        StatusGuards.require(CallStatus.SENDING, CallStatus.SUPPRESSED);
        Boolean done = transactions.execute(tx -> {
            Plan plan = jdbc.sql("""
                    SELECT outcome, current_call, destination, max_calls, redial_interval_ms, redial_on,
                           fallback_destinations, valid_until, send_at, window_from, window_to, window_days,
                           window_zone, client_name, priority
                      FROM voice_message WHERE id = ? FOR NO KEY UPDATE
                    """)
                    .param(m.id())
                    .query((rs, n) -> {
                        Instant validUntil = instant(rs, "valid_until");
                        DeliveryWindow window = rs.getString("window_from") == null ? null : DeliveryWindow.parse(
                                rs.getObject("window_from", LocalTime.class),
                                rs.getObject("window_to", LocalTime.class), rs.getString("window_days"),
                                rs.getString("window_zone"));
                        String outcome = rs.getString("outcome");
                        return new Plan(outcome == null ? null : MessageStatus.valueOf(outcome),
                                rs.getInt("current_call"), rs.getString("destination"),
                                RedialPlan.fromColumns(rs.getInt("max_calls"), rs.getLong("redial_interval_ms"),
                                        rs.getString("redial_on"), rs.getString("fallback_destinations")),
                                validUntil, new CallSchedule(instant(rs, "send_at"), window, validUntil),
                                rs.getString("client_name"), rs.getString("priority"));
                    })
                    .optional().orElse(null);
            if (plan == null) {
                return false;
            }
            int ended = jdbc.sql("""
                    UPDATE voice_call
                       SET status = 'SUPPRESSED', suppressed_by = ?, attempts = GREATEST(attempts - 1, 0),
                           ended_at = ?, next_attempt_at = NULL, waiting_for = NULL, lease_owner = NULL,
                           lease_until = NULL, post_started_at = NULL, version = version + 1, updated_at = ?
                     WHERE message_id = ? AND call_number = ? AND version = ? AND status = 'SENDING'
                    """)
                    .params(list.name(), ts(now), ts(now), m.id(), m.callNumber(), m.version())
                    .update();
            if (ended == 0) {
                return false;
            }
            events.publish(new LedgerEvent.CallEnded(m.id(), m.callNumber(), m.kind(), CallStatus.SUPPRESSED));
            if (plan.outcome() != null || plan.currentCall() != m.callNumber()) {
                return true;
            }
            List<CallPlanner.PastCall> calls = jdbc.sql("""
                    SELECT call_number, kind, destination, status FROM voice_call WHERE message_id = ?
                     ORDER BY call_number
                    """)
                    .param(m.id())
                    .query((rs, n) -> new CallPlanner.PastCall(rs.getInt(1), CallKind.valueOf(rs.getString(2)),
                            rs.getString(3), CallStatus.valueOf(rs.getString(4)), false))
                    .list();
            CallPlanner.PastCall call = calls.stream().filter(c -> c.number() == m.callNumber()).findFirst()
                    .orElseThrow();
            CallPlanner.Next next = CallPlanner.afterSuppressed(new CallPlanner.MessagePlan(plan.destination(),
                    plan.redial(), plan.validUntil(), 0, 0), calls, call, now);
            CallPlanner.Scheduled scheduled = CallPlanner.within(next, CallStatus.SUPPRESSED, plan.schedule());
            if (scheduled.next() instanceof CallPlanner.Final end) {
                jdbc.sql("""
                        UPDATE voice_message SET outcome = ?, updated_at = ? WHERE id = ? AND outcome IS NULL
                        """)
                        .params(end.status().name(), ts(now), m.id())
                        .update();
                jdbc.sql("UPDATE voice_call SET last_error = ? WHERE message_id = ? AND call_number = ?")
                        .params(end.reason(), m.id(), m.callNumber())
                        .update();
                events.publish(new LedgerEvent.MessageFinished(m.id(), end.status()));
            } else {
                CallPlanner.NextCall planned = (CallPlanner.NextCall) scheduled.next();
                jdbc.sql("UPDATE voice_message SET current_call = ?, updated_at = ? WHERE id = ?")
                        .params(planned.number(), ts(now), m.id())
                        .update();
                jdbc.sql("""
                        INSERT INTO voice_call (message_id, call_number, kind, destination, client_request_id, status,
                                                planned_at, due_at, client_name, priority, valid_until, attempts,
                                                next_attempt_at, waiting_for, last_error, updated_at)
                        VALUES (?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                        """)
                        .params(m.id(), planned.number(), planned.kind().name(), planned.destination(),
                                CallPlanner.clientRequestId(m.id(), planned.number()), ts(now),
                                ts(planned.dueAt()), plan.clientName(), plan.priority(), ts(plan.validUntil()),
                                ts(planned.dueAt()),
                                scheduled.waitingFor() == null ? null : scheduled.waitingFor().name(),
                                planned.reason(), ts(now))
                        .update();
                events.publish(new LedgerEvent.NextCallPlanned(m.id(), m.callNumber(), planned.number()));
                log.info("Message {}: {}; call {} ({}) due at {}", m.id(), planned.reason(), planned.number(),
                        planned.kind(), planned.dueAt());
            }
            return true;
        });
        return Boolean.TRUE.equals(done);
    }
}
