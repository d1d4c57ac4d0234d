package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.AttemptView;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A message's attempt history: written by the dispatcher, read for {@code GET /voice-messages/{id}}. */
@Repository
public class DispatchAttempts {

    private final JdbcClient jdbc;

    DispatchAttempts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(UUID messageId, AttemptView attempt) {
        jdbc.sql("""
                INSERT INTO dispatch_attempt (message_id, call_number, attempt_number, started_at, latency_ms,
                                              http_status, status_code, status_message, outcome, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(messageId, attempt.callNumber(), attempt.attemptNumber(), Timestamp.from(attempt.startedAt()), attempt.latencyMs(),
                        attempt.httpStatus(), attempt.statusCode(), attempt.statusMessage(), attempt.outcome(),
                        attempt.error())
                .update();
    }

    public List<AttemptView> findByMessage(UUID messageId) {
        return jdbc.sql("""
                SELECT call_number, attempt_number, started_at, latency_ms, http_status, status_code, status_message,
                       outcome, error
                FROM dispatch_attempt WHERE message_id = ? ORDER BY call_number, attempt_number, id
                """)
                .param(messageId)
                .query((rs, n) -> new AttemptView(rs.getInt(1), rs.getInt(2), rs.getTimestamp(3).toInstant(),
                        (Integer) rs.getObject(4), (Integer) rs.getObject(5), (Integer) rs.getObject(6),
                        rs.getString(7), rs.getString(8), rs.getString(9)))
                .list();
    }
}
