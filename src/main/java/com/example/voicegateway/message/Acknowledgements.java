package com.example.voicegateway.message;

import com.example.voicegateway.message.internal.LedgerEvents;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger's command for a key pressed on a call: the right key makes the call {@code ACKNOWLEDGED}, and the
 * message with it when it is on that call or only waits for a later call not posted yet (that call is then canceled:
 * the person has confirmed). The opt-out key ({@code optOut.digit}) marks the call {@code optedOutAt} and publishes
 * {@link LedgerEvent.CallOptedOut}, which puts the call's number on the client's do-not-call list (the suppression
 * feature listens) and tells the sender ({@code voice_message.opted_out}); the call's outcome stays the summary's. One
 * statement, one round trip, while 8x8 holds the person on the line; runs inside the caller's transaction.
 */
@Component
public class Acknowledgements {

    /**
     * What the key did, and what the answer to 8x8 needs. {@code messageId} is null when no call has the session.
     * {@code thanks} is the message's thanks when the key was the right one (null otherwise, or when it has none);
     * {@code expectsKey}: the message asked for a key at all; {@code erased}: the message's personal data was erased
     * before the key came, so nothing moved and the caller must store its event masked. {@code optOutKey}: the key
     * was the message's opt-out key ({@code thanks} is then its confirmation); {@code acknowledgeAsked}: the message
     * asked for {@code acknowledge} (a message with only the opt-out key has no "wrong" key).
     */
    public record KeyPress(UUID messageId, Integer callNumber, CallKind kind, CallStatus callStatusBefore,
            boolean expectsKey, boolean rightKey, boolean messageMoved, boolean erased, String thanks,
            String voiceProfile, BigDecimal speed, boolean optOutKey, boolean acknowledgeAsked) {

        static final KeyPress UNMATCHED = new KeyPress(null, null, null, null, false, false, false, false, null,
                null, null, false, false);

        public boolean matched() {
            return messageId != null;
        }
    }

    /** Outcomes the right key may still change (a late key after NOT_ACKNOWLEDGED), as an SQL list. */
    private static final String OUTCOMES_BECOMING_ACKNOWLEDGED = StatusGuards.sql(
            StatusGuards.messagesMovingTo(MessageStatus.ACKNOWLEDGED).stream().filter(MessageStatus::isFinal).toList());

    static {
        // The one move here that the SQL below does not guard with the state machine's own list: it cancels only
        // a planned call, and the state machine must allow that.
        StatusGuards.require(CallStatus.QUEUED, CallStatus.CANCELED);
    }

    // Locks the message of the call with this sessionId first, in a statement of its own, so the statement below
    // starts after the lock and reads the message and its calls as they are now (a summary that planned the next
    // call while this key waited is seen). FOR NO KEY UPDATE: it serialises the writers of a message but never blocks
    // the foreign-key check of a row that refers to it (an attempt row of a dispatcher holding a call).
    private static final String LOCK_MESSAGE = """
            SELECT m.id FROM voice_message m JOIN voice_call c ON c.message_id = m.id
             WHERE c.session_id = CAST(:sessionId AS text)
             ORDER BY c.planned_at DESC
             LIMIT 1
               FOR NO KEY UPDATE OF m
            """;

    // target: the call with this sessionId and its message, both locked (message, then call), so a concurrent copy
    // of the key waits and then reads the call as it is now. right_key: the message's own key (a null digit is no
    // key); statuses move only where the state machines allow. An earlier call's right key ends the message only when
    // it is that call's message's current call, or when the next call it planned is canceled here, before any
    // dispatcher took it (a call being placed already is not stopped: the person may be rung once more, and that
    // call's end then finds the earlier acknowledgement). A message whose personal data was erased is a closed
    // record: no right key, nothing moves.
    private static final String ACKNOWLEDGE = """
            WITH target AS (
                SELECT c.message_id, c.call_number, c.kind, c.status AS call_status, m.outcome,
                       (SELECT n.status FROM voice_call n WHERE n.message_id = m.id AND n.call_number = m.current_call)
                           AS current_status,
                       m.current_call, m.ack_digit, m.ack_thanks, m.voice_profile, m.speed,
                       m.personal_data_erased_at IS NOT NULL AS erased,
                       COALESCE(m.ack_digit = CAST(:digit AS text) AND m.personal_data_erased_at IS NULL, false)
                           AS right_key,
                       COALESCE(m.opt_out_digit = CAST(:digit AS text) AND m.personal_data_erased_at IS NULL, false)
                           AS opt_out_key,
                       m.opt_out_digit, m.opt_out_confirmation, m.client_name, c.destination AS call_destination,
                       c.opted_out_at IS NOT NULL AS opted_out_before
                FROM voice_message m JOIN voice_call c ON c.message_id = m.id
                WHERE c.session_id = CAST(:sessionId AS text)
                ORDER BY c.planned_at DESC
                LIMIT 1
                FOR NO KEY UPDATE OF m, c
            ), call_acknowledged AS (
                UPDATE voice_call c SET status = 'ACKNOWLEDGED', ended_at = COALESCE(c.ended_at, CAST(:now AS timestamptz)),
                       next_attempt_at = NULL, waiting_for = NULL, lease_owner = NULL, lease_until = NULL,
                       post_started_at = NULL, version = c.version + 1, updated_at = CAST(:now AS timestamptz)
                FROM target t
                WHERE c.message_id = t.message_id AND c.call_number = t.call_number AND t.right_key
                  AND c.status IN %1$s
                RETURNING c.message_id
            ), call_opted_out AS (
                -- The opt-out key: noted on the call once (no version bump: the dispatcher may still hold the call).
                UPDATE voice_call c SET opted_out_at = CAST(:now AS timestamptz), updated_at = CAST(:now AS timestamptz)
                FROM target t
                WHERE c.message_id = t.message_id AND c.call_number = t.call_number AND t.opt_out_key
                  AND c.opted_out_at IS NULL
                RETURNING c.message_id
            ), next_call_canceled AS (
                UPDATE voice_call c SET status = 'CANCELED', ended_at = CAST(:now AS timestamptz),
                       next_attempt_at = NULL, waiting_for = NULL, version = c.version + 1,
                       updated_at = CAST(:now AS timestamptz)
                FROM target t
                WHERE c.message_id = t.message_id AND c.call_number = t.current_call AND t.right_key
                  AND t.call_status IN %1$s AND t.outcome IS NULL AND t.current_status = 'QUEUED'
                  AND t.current_call > t.call_number AND c.status = 'QUEUED'
                RETURNING c.message_id, c.call_number, c.kind
            ), message_acknowledged AS (
                UPDATE voice_message m SET outcome = 'ACKNOWLEDGED', updated_at = CAST(:now AS timestamptz)
                FROM target t
                WHERE m.id = t.message_id AND t.right_key AND t.call_status IN %1$s
                  AND (t.outcome IS NULL OR t.outcome IN %2$s)
                  AND (m.current_call = t.call_number OR m.id IN (SELECT message_id FROM next_call_canceled))
                RETURNING m.id
            )
            SELECT t.message_id, t.call_number, t.kind, t.call_status,
                   t.ack_digit IS NOT NULL OR t.opt_out_digit IS NOT NULL AS expects_key,
                   t.ack_digit IS NOT NULL AS acknowledge_asked,
                   t.right_key, EXISTS (SELECT 1 FROM message_acknowledged) AS message_moved, t.erased,
                   CASE WHEN t.right_key THEN t.ack_thanks WHEN t.opt_out_key THEN t.opt_out_confirmation END
                       AS thanks, t.voice_profile, t.speed, t.opt_out_key,
                   EXISTS (SELECT 1 FROM call_opted_out) AS opted_out_now, t.client_name, t.call_destination,
                   n.call_number AS canceled_call, n.kind AS canceled_kind
            FROM target t LEFT JOIN next_call_canceled n ON true
            """.formatted(StatusGuards.callsMovingToSql(CallStatus.ACKNOWLEDGED), OUTCOMES_BECOMING_ACKNOWLEDGED);

    private final NamedParameterJdbcTemplate jdbc;
    private final LedgerEvents events;

    Acknowledgements(NamedParameterJdbcTemplate jdbc, LedgerEvents events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * Applies {@code digit} (null: no key, or a report that is no key press) to the call of {@code sessionId}.
     * {@code recorder} stores the evidence (the key's event) once the outcome is known, before the move is published,
     * so the sender's callback shows the key; its answer is returned.
     */
    public <T> T acknowledge(String sessionId, String digit, Instant now, Function<KeyPress, T> recorder) {
        List<LedgerEvent.CallEnded> canceled = new ArrayList<>();
        List<LedgerEvent.CallOptedOut> optedOut = new ArrayList<>();
        if (sessionId != null) {
            jdbc.queryForList(LOCK_MESSAGE, new MapSqlParameterSource("sessionId", sessionId));
        }
        KeyPress press = sessionId == null ? KeyPress.UNMATCHED : jdbc.query(ACKNOWLEDGE, new MapSqlParameterSource()
                        .addValue("sessionId", sessionId).addValue("digit", digit)
                        .addValue("now", now.atOffset(ZoneOffset.UTC)), (rs, row) -> {
                            if (rs.getString("canceled_kind") != null) {
                                // The person confirmed on an earlier call: the planned next call is never placed.
                                canceled.add(new LedgerEvent.CallEnded(rs.getObject("message_id", UUID.class),
                                        rs.getInt("canceled_call"), CallKind.valueOf(rs.getString("canceled_kind")),
                                        CallStatus.CANCELED));
                            }
                            if (rs.getBoolean("opted_out_now")) {
                                optedOut.add(new LedgerEvent.CallOptedOut(rs.getObject("message_id", UUID.class),
                                        rs.getInt("call_number"), rs.getString("client_name"),
                                        rs.getString("call_destination"), now));
                            }
                            return keyPress(rs, row);
                        })
                .stream().findFirst().orElse(KeyPress.UNMATCHED);
        T recorded = recorder.apply(press);
        canceled.forEach(events::publish);
        optedOut.forEach(events::publish);
        if (press.rightKey() && !press.erased() && press.callStatusBefore().canMoveTo(CallStatus.ACKNOWLEDGED)
                && !press.callStatusBefore().isFinal()) {
            events.publish(new LedgerEvent.CallEnded(press.messageId(), press.callNumber(), press.kind(),
                    CallStatus.ACKNOWLEDGED));
        }
        if (press.messageMoved()) {
            events.publish(new LedgerEvent.MessageFinished(press.messageId(), MessageStatus.ACKNOWLEDGED));
        }
        return recorded;
    }

    private static KeyPress keyPress(ResultSet rs, int row) throws SQLException {
        return new KeyPress(rs.getObject("message_id", UUID.class), rs.getInt("call_number"),
                CallKind.valueOf(rs.getString("kind")), CallStatus.valueOf(rs.getString("call_status")),
                rs.getBoolean("expects_key"), rs.getBoolean("right_key"), rs.getBoolean("message_moved"),
                rs.getBoolean("erased"), rs.getString("thanks"), rs.getString("voice_profile"),
                rs.getBigDecimal("speed"), rs.getBoolean("opt_out_key"), rs.getBoolean("acknowledge_asked"));
    }
}
