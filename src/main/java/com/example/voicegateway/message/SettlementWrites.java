package com.example.voicegateway.message;

import static com.example.voicegateway.config.JdbcTime.utc;

import com.example.voicegateway.message.internal.CallPlanner;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The one statement that applies a settlement ({@link CallSettlement} decides it): the call takes its proven outcome
 * and, when it was the open message's current call, the message takes its outcome or gets its next call.
 */
@Component
class SettlementWrites {

    private static final Logger log = LoggerFactory.getLogger(CallSettlement.class);

    /**
     * What to write. {@code summaryId}: the summary that proved it (null: 8x8's log export); {@code scheduled}: what the
     * plan says next (null: the message moves no further here); the message's client, priority and validity are
     * copied onto a next call; {@code currentCallAttempts} carries on into a call placed again after -2010.
     */
    record Settlement(UUID messageId, int callNumber, ProvenOutcome facts, Long summaryId,
            CallPlanner.Scheduled scheduled, String clientName, String priority, Instant validUntil,
            int currentCallAttempts) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    SettlementWrites(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // The proven call ends: the first part of every settlement's one write.
    private static final String END_CALL = """
            WITH ended AS (
                UPDATE voice_call SET status = :status, session_id = COALESCE(session_id, :sessionId),
                       ended_at = CAST(:now AS timestamptz), error_code = :errorCode, summary_id = :summaryId,
                       next_attempt_at = NULL, waiting_for = NULL, lease_owner = NULL, lease_until = NULL,
                       post_started_at = NULL, last_error = COALESCE(:reason, last_error), version = version + 1,
                       updated_at = CAST(:now AS timestamptz)
                 WHERE message_id = :id AND call_number = :n
                RETURNING message_id
            )""";

    // ... and the message ends with it.
    private static final String END_CALL_AND_MESSAGE = END_CALL + """
            , finished AS (
                UPDATE voice_message SET outcome = :outcome, updated_at = CAST(:now AS timestamptz)
                 WHERE id = :id AND outcome IS NULL
            )
            SELECT count(*) FROM ended""";

    // ... or the plan places the next call.
    private static final String END_CALL_AND_PLAN_NEXT = END_CALL + """
            , moved AS (
                UPDATE voice_message SET current_call = :next, updated_at = CAST(:now AS timestamptz) WHERE id = :id
            ), planned AS (
                INSERT INTO voice_call (message_id, call_number, kind, destination, client_request_id, status,
                                        planned_at, due_at, client_name, priority, valid_until, attempts,
                                        next_attempt_at, waiting_for, last_error, updated_at)
                VALUES (:id, :next, :kind, :destination, :clientRequestId, 'QUEUED', CAST(:now AS timestamptz), :due,
                        :client, :priority, :validUntil, :attempts, :due, :waitingFor, :nextReason,
                        CAST(:now AS timestamptz))
            )
            SELECT count(*) FROM ended""";

    /**
     * One statement: the call takes its proven outcome and, when it was the open message's current call, the message
     * either takes its outcome or gets its next call ({@code scheduled}; null: the message moves no further here). The
     * rows are locked already, so the statement's parts cannot wait on anyone.
     */
    void write(Settlement s, Instant now) {
        CallPlanner.Scheduled scheduled = s.scheduled();
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("id", s.messageId())
                .addValue("n", s.callNumber()).addValue("status", s.facts().outcome().name())
                .addValue("sessionId", s.facts().sessionId()).addValue("now", utc(now))
                .addValue("errorCode", s.facts().errorCode()).addValue("summaryId", s.summaryId());
        if (scheduled == null) {
            jdbc.queryForObject(END_CALL + " SELECT count(*) FROM ended", params.addValue("reason", null),
                    Integer.class);
        } else if (scheduled.next() instanceof CallPlanner.Final end) {
            // Why the message ended here goes on the call it ended with (a message's lastError is its call's).
            jdbc.queryForObject(END_CALL_AND_MESSAGE, params.addValue("reason", end.reason())
                    .addValue("outcome", end.status().name()), Integer.class);
        } else {
            CallPlanner.NextCall call = (CallPlanner.NextCall) scheduled.next();
            // A call placed again after 8x8's -2010 (the same slot) carries on the count of POSTs; any other starts
            // anew.
            jdbc.queryForObject(END_CALL_AND_PLAN_NEXT, params.addValue("reason", null)
                    .addValue("next", call.number()).addValue("kind", call.kind().name())
                    .addValue("destination", call.destination())
                    .addValue("clientRequestId", CallPlanner.clientRequestId(s.messageId(), call.number()))
                    .addValue("due", utc(call.dueAt())).addValue("client", s.clientName())
                    .addValue("priority", s.priority()).addValue("validUntil", utc(s.validUntil()))
                    .addValue("attempts", call.sameSlot() ? s.currentCallAttempts() : 0)
                    .addValue("nextReason", call.reason())
                    .addValue("waitingFor", scheduled.waitingFor() == null ? null : scheduled.waitingFor().name()),
                    Integer.class);
            log.info("Message {}: {}; call {} ({}) due at {}", s.messageId(), call.reason(), call.number(),
                    call.kind(), call.dueAt());
        }
    }
}
