package com.example.voicegateway.acknowledge;

import com.example.voicegateway.message.MessageStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Stores a call action event, applies it and returns what the answer needs, in one autocommitted statement: one
 * round trip, one indexed lookup (the message by {@code session_id}), while 8x8 holds the caller on the line.
 *
 * <p>The message row is locked before it is read, so of two deliveries of one event at the same moment the second
 * waits, sees {@code ACKNOWLEDGED} and is recorded as a duplicate. Raw SQL bumps {@code version} so a JPA writer
 * holding an older copy fails instead of overwriting.
 */
@Repository
class CallActionStore {

    /** The statuses the right key moves to ACKNOWLEDGED: exactly those {@link MessageStatus} allows it from. */
    static final Set<MessageStatus> ACKNOWLEDGEABLE = EnumSet.copyOf(java.util.Arrays.stream(MessageStatus.values())
            .filter(status -> status.canMoveTo(MessageStatus.ACKNOWLEDGED)).toList());

    static final String ACKNOWLEDGEABLE_SQL = ACKNOWLEDGEABLE.stream().map(status -> "'" + status.name() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    enum Outcome { ACKNOWLEDGED, DUPLICATE, NOT_ACKNOWLEDGED, CONFLICT, UNMATCHED, IGNORED }

    /** What was stored, and what the answer to 8x8 says: {@code thanks} is null for a plain hangup. */
    record Decision(long id, Outcome outcome, UUID messageId, String thanks, String voiceProfile, BigDecimal speed) {
    }

    // right: a CALL_ACTION reporting the message's own key. The answer depends on that alone (the person pressed
    // it and is listening); the status moves only from where the state machine allows.
    private static final String RECORD = """
            WITH target AS (
                SELECT m.id, m.status, m.ack_digit, m.ack_thanks, m.voice_profile, m.speed,
                       COALESCE(CAST(:callAction AS boolean) AND m.ack_digit = CAST(:dtmf AS text), false) AS right_key
                FROM voice_message m
                WHERE m.session_id = CAST(:sessionId AS text)
                ORDER BY m.created_at DESC
                LIMIT 1
                FOR UPDATE
            ), applied AS (
                UPDATE voice_message m SET
                    status = 'ACKNOWLEDGED', next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL,
                    version = m.version + 1, updated_at = CAST(:now AS timestamptz)
                FROM target t
                WHERE m.id = t.id AND t.right_key AND m.status IN %1$s
                RETURNING m.id
            ), stored AS (
                INSERT INTO call_action_event (received_at, raw, raw_text, event_type, event_id, session_id, call_id,
                                               dtmf, message_id, answer, outcome)
                SELECT CAST(:now AS timestamptz), CAST(:raw AS jsonb), CAST(:rawText AS text), CAST(:eventType AS text),
                       CAST(:eventId AS text), CAST(:sessionId AS text), CAST(:callId AS text), CAST(:dtmf AS text), t.id,
                       CASE WHEN t.right_key AND t.ack_thanks IS NOT NULL THEN 'THANKS' ELSE 'HANGUP' END,
                       CASE WHEN NOT CAST(:callAction AS boolean) THEN 'IGNORED'
                            WHEN t.id IS NULL THEN 'UNMATCHED'
                            WHEN t.ack_digit IS NULL THEN 'IGNORED'
                            WHEN NOT t.right_key THEN 'NOT_ACKNOWLEDGED'
                            WHEN t.status IN %1$s THEN 'ACKNOWLEDGED'
                            WHEN t.status = 'ACKNOWLEDGED' THEN 'DUPLICATE'
                            ELSE 'CONFLICT' END
                FROM (VALUES (1)) AS one (x) LEFT JOIN target t ON true
                RETURNING id, outcome, answer, message_id
            )
            SELECT s.id, s.outcome, s.message_id, CASE WHEN s.answer = 'THANKS' THEN t.ack_thanks END AS thanks,
                   t.voice_profile, t.speed
            FROM stored s LEFT JOIN target t ON true
            """.formatted(ACKNOWLEDGEABLE_SQL);

    private final NamedParameterJdbcTemplate jdbc;

    CallActionStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
        return jdbc.queryForObject(RECORD, params, (rs, row) -> new Decision(rs.getLong("id"),
                Outcome.valueOf(rs.getString("outcome")), rs.getObject("message_id", UUID.class),
                rs.getString("thanks"), rs.getString("voice_profile"), rs.getBigDecimal("speed")));
    }
}
