package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.LedgerEvent;
import com.example.voicegateway.message.StatusGuards;
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
                       ended_at, error_code
                FROM voice_call WHERE message_id = ? ORDER BY call_number
                """)
                .param(messageId)
                .query(VoiceCalls::call)
                .list();
    }

    /**
     * The client canceled the message while its current call was still only planned. Runs after the message row
     * was written (and so locked), like every other writer of calls, so two of them never wait on each other.
     */
    void cancelPlanned(UUID messageId, int callNumber, Instant now) {
        StatusGuards.require(CallStatus.QUEUED, CallStatus.CANCELED);
        jdbc.sql("""
                UPDATE voice_call SET status = 'CANCELED', ended_at = ?
                 WHERE message_id = ? AND call_number = ? AND status = 'QUEUED'
                RETURNING kind
                """)
                .params(Timestamp.from(now), messageId, callNumber)
                .query(String.class)
                .optional()
                .ifPresent(kind -> events.publish(new LedgerEvent.CallEnded(messageId, callNumber,
                        CallKind.valueOf(kind), CallStatus.CANCELED)));
    }

    private static CallView call(ResultSet rs, int n) throws SQLException {
        Integer errorCode = (Integer) rs.getObject("error_code");
        return new CallView(rs.getInt("call_number"), CallKind.valueOf(rs.getString("kind")),
                rs.getString("destination"), rs.getString("client_request_id"),
                CallStatus.valueOf(rs.getString("status")), rs.getString("session_id"), instant(rs, "due_at"),
                instant(rs, "started_at"), instant(rs, "ended_at"), errorCode, null, null, null, null);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
