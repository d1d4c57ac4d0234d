package com.example.voicegateway.message.internal;

import static com.example.voicegateway.config.JdbcTime.instant;

import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.IllegalTransitionException;
import com.example.voicegateway.message.LedgerEvent;
import com.example.voicegateway.message.MessageNotFoundException;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.StatusGuards;
import com.example.voicegateway.message.SuppressionList;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A message's calls, for the view and the client's cancel. Dispatch and the webhook write them in their own SQL. */
@Repository
class VoiceCalls {

    private final JdbcClient jdbc;
    private final LedgerEvents events;

    VoiceCalls(JdbcClient jdbc, LedgerEvents events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    List<CallView> findByMessage(UUID messageId) {
        return jdbc.sql("""
                SELECT call_number, kind, destination, client_request_id, status, session_id, due_at, started_at,
                       ended_at, error_code, suppressed_by, opted_out_at
                FROM voice_call WHERE message_id = ? ORDER BY call_number
                """)
                .param(messageId)
                .query(VoiceCalls::call)
                .list();
    }

    /**
     * A client's cancel: only a message whose current call is planned and unclaimed (the message is QUEUED) can be
     * canceled; its call ends CANCELED and so does the message. Locks the message, then the call, as every writer of
     * a message and its calls does: a cancel racing the dispatcher's claim waits for it and then finds the call
     * SENDING. Returns the status the message had; throws {@link IllegalTransitionException} when it may not move.
     */
    MessageStatus cancel(UUID messageId, Instant now) {
        StatusGuards.require(CallStatus.QUEUED, CallStatus.CANCELED);
        MessageStatus before = jdbc.sql("""
                SELECT COALESCE(m.outcome, c.status) FROM voice_message m
                  JOIN voice_call c ON c.message_id = m.id AND c.call_number = m.current_call
                 WHERE m.id = ? FOR NO KEY UPDATE OF m
                """)
                .param(messageId)
                .query((rs, n) -> MessageStatus.valueOf(rs.getString(1)))
                .optional()
                .orElseThrow(() -> new MessageNotFoundException(messageId));
        // SENDING may also become CANCELED, but only when 8x8 reports the call canceled; a client cannot.
        if (before != MessageStatus.QUEUED) {
            throw new IllegalTransitionException(messageId, before, MessageStatus.CANCELED);
        }
        Object[] canceled = jdbc.sql("""
                UPDATE voice_call c SET status = 'CANCELED', ended_at = ?, next_attempt_at = NULL, waiting_for = NULL,
                       version = c.version + 1, updated_at = ?
                  FROM voice_message m
                 WHERE m.id = c.message_id AND c.call_number = m.current_call AND m.id = ? AND c.status = 'QUEUED'
                RETURNING c.call_number, c.kind
                """)
                .params(Timestamp.from(now), Timestamp.from(now), messageId)
                .query((rs, n) -> new Object[] {rs.getInt(1), CallKind.valueOf(rs.getString(2))})
                .optional()
                .orElseThrow(() -> new IllegalTransitionException(messageId, current(messageId),
                        MessageStatus.CANCELED));
        jdbc.sql("UPDATE voice_message SET outcome = 'CANCELED', updated_at = ? WHERE id = ?")
                .params(Timestamp.from(now), messageId)
                .update();
        events.publish(new LedgerEvent.CallEnded(messageId, (Integer) canceled[0], (CallKind) canceled[1],
                CallStatus.CANCELED));
        events.publish(new LedgerEvent.MessageFinished(messageId, MessageStatus.CANCELED));
        return before;
    }

    private MessageStatus current(UUID messageId) {
        return jdbc.sql("SELECT status FROM message_state WHERE id = ?").param(messageId)
                .query((rs, n) -> MessageStatus.valueOf(rs.getString(1))).single();
    }

    private static CallView call(ResultSet rs, int n) throws SQLException {
        Integer errorCode = (Integer) rs.getObject("error_code");
        return new CallView(rs.getInt("call_number"), CallKind.valueOf(rs.getString("kind")),
                rs.getString("destination"), rs.getString("client_request_id"),
                CallStatus.valueOf(rs.getString("status")), rs.getString("session_id"), instant(rs, "due_at"),
                instant(rs, "started_at"), instant(rs, "ended_at"), errorCode, null, null, null, null,
                rs.getString("suppressed_by") == null ? null : SuppressionList.valueOf(rs.getString("suppressed_by")),
                instant(rs, "opted_out_at"));
    }
}
