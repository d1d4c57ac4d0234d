package com.example.voicegateway.acknowledge;

import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.LedgerEvent;
import com.example.voicegateway.message.LedgerEvents;
import com.example.voicegateway.retention.LateDeliveries;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a call action event, applies it and returns what the answer needs, in one autocommitted statement: one
 * round trip, one indexed lookup (the call by {@code voice_call.session_id}, its message by primary key), while 8x8
 * holds the caller on the line.
 *
 * <p>The message row is locked before it is read, so of two deliveries of one event at the same moment the second
 * waits, sees the call {@code ACKNOWLEDGED} and is recorded as a duplicate. Raw SQL bumps {@code version} so a JPA writer
 * holding an older copy fails instead of overwriting.
 */
@Repository
class CallActionStore {

    /** The call statuses the right key moves to ACKNOWLEDGED: exactly those {@link CallStatus} allows it from. */
    static final Set<CallStatus> CALL_ACKNOWLEDGEABLE = EnumSet.copyOf(Arrays.stream(CallStatus.values())
            .filter(status -> status.canMoveTo(CallStatus.ACKNOWLEDGED)).toList());

    /** The same for the message, from {@link MessageStatus}. */
    static final Set<MessageStatus> MESSAGE_ACKNOWLEDGEABLE = EnumSet.copyOf(Arrays.stream(MessageStatus.values())
            .filter(status -> status.canMoveTo(MessageStatus.ACKNOWLEDGED)).toList());

    enum Outcome { ACKNOWLEDGED, DUPLICATE, NOT_ACKNOWLEDGED, CONFLICT, UNMATCHED, IGNORED }

    /**
     * What was stored, and what the answer to 8x8 says: {@code thanks} is null for a plain hangup. {@code erased}:
     * the message's personal data was erased before the event came.
     */
    record Decision(long id, Outcome outcome, UUID messageId, Integer callNumber, String thanks, String voiceProfile,
            BigDecimal speed, CallKind kind, CallStatus callStatusBefore, boolean messageMoved, boolean erased) {

        /** The call ended with this event (not merely turned from NOT_ACKNOWLEDGED, already counted as ended). */
        boolean endedTheCall() {
            return outcome == Outcome.ACKNOWLEDGED && callStatusBefore != null && !callStatusBefore.isFinal();
        }
    }

    // target: the call with this sessionId and its message, both rows locked in the order every writer of calls
    // takes them (message, then call), so a concurrent copy of the event waits and then reads the call as it is now. right_key: a CALL_ACTION reporting the message's own
    // key; the answer depends on that alone (the person pressed it and is listening), statuses move only where the
    // state machines allow. The message follows when it is on this call, or only waits for a later call that has
    // not been posted yet (that call is then canceled: the person has confirmed). A message whose personal data was
    // erased is a closed record: no right key, nothing moves, the event is IGNORED (and masked by the caller).
    private static final String RECORD = """
            WITH target AS (
                SELECT c.message_id, c.call_number, c.kind, c.status AS call_status, m.status AS message_status,
                       m.current_call, m.ack_digit, m.ack_thanks, m.voice_profile, m.speed,
                       m.personal_data_erased_at IS NOT NULL AS erased,
                       COALESCE(CAST(:callAction AS boolean) AND m.ack_digit = CAST(:dtmf AS text)
                                AND m.personal_data_erased_at IS NULL, false) AS right_key
                FROM voice_message m JOIN voice_call c ON c.message_id = m.id
                WHERE c.session_id = CAST(:sessionId AS text)
                ORDER BY c.planned_at DESC
                LIMIT 1
                FOR UPDATE OF m, c
            ), call_acknowledged AS (
                UPDATE voice_call c SET status = 'ACKNOWLEDGED', ended_at = COALESCE(c.ended_at, CAST(:now AS timestamptz))
                FROM target t
                WHERE c.message_id = t.message_id AND c.call_number = t.call_number AND t.right_key
                  AND c.status IN %1$s
                RETURNING c.message_id
            ), message_acknowledged AS (
                UPDATE voice_message m SET
                    status = 'ACKNOWLEDGED', next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL,
                    post_started_at = NULL, version = m.version + 1, updated_at = CAST(:now AS timestamptz)
                FROM target t
                WHERE m.id = t.message_id AND t.right_key AND t.call_status IN %1$s AND m.status IN %2$s
                  AND (m.current_call = t.call_number OR m.status = 'QUEUED')
                RETURNING m.id
            ), next_call_canceled AS (
                UPDATE voice_call c SET status = 'CANCELED', ended_at = CAST(:now AS timestamptz)
                FROM target t
                WHERE c.message_id = t.message_id AND c.call_number = t.current_call AND t.right_key
                  AND t.call_status IN %1$s AND t.message_status = 'QUEUED' AND t.current_call > t.call_number
                  AND c.status = 'QUEUED'
                RETURNING c.message_id
            ), stored AS (
                INSERT INTO call_action_event (received_at, raw, raw_text, event_type, event_id, session_id, call_id,
                                               dtmf, message_id, call_number, answer, outcome)
                SELECT CAST(:now AS timestamptz), CAST(:raw AS jsonb), CAST(:rawText AS text), CAST(:eventType AS text),
                       CAST(:eventId AS text), CAST(:sessionId AS text), CAST(:callId AS text), CAST(:dtmf AS text),
                       t.message_id, t.call_number,
                       CASE WHEN t.right_key AND t.ack_thanks IS NOT NULL THEN 'THANKS' ELSE 'HANGUP' END,
                       CASE WHEN NOT CAST(:callAction AS boolean) THEN 'IGNORED'
                            WHEN t.message_id IS NULL THEN 'UNMATCHED'
                            WHEN t.erased THEN 'IGNORED'
                            WHEN t.ack_digit IS NULL THEN 'IGNORED'
                            WHEN NOT t.right_key THEN 'NOT_ACKNOWLEDGED'
                            WHEN t.call_status IN %1$s THEN 'ACKNOWLEDGED'
                            WHEN t.call_status = 'ACKNOWLEDGED' THEN 'DUPLICATE'
                            ELSE 'CONFLICT' END
                FROM (VALUES (1)) AS one (x) LEFT JOIN target t ON true
                RETURNING id, outcome, answer, message_id, call_number
            )
            SELECT s.id, s.outcome, s.message_id, s.call_number, t.kind, t.call_status,
                   EXISTS (SELECT 1 FROM message_acknowledged) AS message_moved,
                   CASE WHEN s.answer = 'THANKS' THEN t.ack_thanks END AS thanks, t.voice_profile, t.speed,
                   COALESCE(t.erased, false) AS erased
            FROM stored s LEFT JOIN target t ON true
            """.formatted(sql(CALL_ACKNOWLEDGEABLE), sql(MESSAGE_ACKNOWLEDGEABLE));

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final LedgerEvents events;
    private final LateDeliveries late;

    CallActionStore(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, LedgerEvents events,
            LateDeliveries late) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.late = late;
    }

    /**
     * Stores the delivery (as JSON when {@code rawJson} is given, else as {@code rawText}) and applies it.
     */
    Decision record(CallActionEvent event, String rawJson, String rawText, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("now", now.atOffset(ZoneOffset.UTC))
                .addValue("raw", rawJson)
                .addValue("rawText", rawJson == null ? rawText : null)
                .addValue("callAction", event.isCallAction())
                .addValue("eventType", event.eventType())
                .addValue("eventId", event.eventId())
                .addValue("sessionId", event.sessionId())
                .addValue("callId", event.callId())
                .addValue("dtmf", event.dtmf());
        // One statement; the sender's status callback, when the message moved, commits with it.
        return transactions.execute(tx -> {
            Decision decision = jdbc.queryForObject(RECORD, params, CallActionStore::decision);
            if (decision.messageMoved()) {
                events.publish(new LedgerEvent.MessageFinished(decision.messageId(), MessageStatus.ACKNOWLEDGED));
            }
            if (decision.erased()) {
                late.callActionStored(decision.id(), now);
            }
            return decision;
        });
    }

    private static Decision decision(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Decision(rs.getLong("id"),
                Outcome.valueOf(rs.getString("outcome")), rs.getObject("message_id", UUID.class),
                (Integer) rs.getObject("call_number"), rs.getString("thanks"), rs.getString("voice_profile"),
                rs.getBigDecimal("speed"), rs.getString("kind") == null ? null : CallKind.valueOf(rs.getString("kind")),
                rs.getString("call_status") == null ? null : CallStatus.valueOf(rs.getString("call_status")),
                rs.getBoolean("message_moved"), rs.getBoolean("erased"));
    }

    /** A set of statuses as an SQL list, e.g. {@code ('QUEUED', 'SENDING')}. */
    static String sql(Set<? extends Enum<?>> statuses) {
        return statuses.stream().map(status -> "'" + status.name() + "'").collect(Collectors.joining(", ", "(", ")"));
    }
}
