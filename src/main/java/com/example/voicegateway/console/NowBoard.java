package com.example.voicegateway.console;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The gateway's state right now, for an operator on call: is 8x8 reachable, is the queue moving, what is stuck. */
@Component
class NowBoard {

    private final JdbcTemplate jdbc;
    private final CircuitBreakerRegistry breakers;
    private final Clock clock;

    NowBoard(JdbcTemplate jdbc, CircuitBreakerRegistry breakers, Clock clock) {
        this.jdbc = jdbc;
        this.breakers = breakers;
        this.clock = clock;
    }

    record Now(String circuitBreaker, long dueMessages, Instant oldestDue, String oldestDueAge, UUID oldestDueId,
            long callsOnTheLine, double callsPerSecondLastMinute, List<Unmatched> unmatchedSummaries,
            long unmatchedSummaryCount, long unmatchedCallActionCount, List<FailedCallback> failedCallbacks,
            long failedCallbackCount) {
    }

    record FailedCallback(UUID messageId, String type, String host, Integer lastHttpStatus, String lastError,
            Instant failedAt) {
    }

    record Unmatched(long id, String sessionId, Instant receivedAt, String sessionStatus) {
    }

    Now read() {
        Instant now = clock.instant();
        String breaker = breakers.getAllCircuitBreakers().stream()
                .filter(b -> b.getName().equals("eightByEight")).findFirst()
                .map(b -> b.getState().name()).orElse("not configured");
        Map<String, Object> due = jdbc.queryForMap("SELECT count(*) AS n, min(next_attempt_at) AS oldest FROM call_state"
                + " WHERE status = 'QUEUED' AND next_attempt_at <= ?", Timestamp.from(now));
        Instant oldest = due.get("oldest") == null ? null : ((Timestamp) due.get("oldest")).toInstant();
        UUID oldestId = oldest == null ? null : jdbc.query("SELECT message_id FROM call_state WHERE status = 'QUEUED'"
                + " AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 1",
                rs -> rs.next() ? rs.getObject(1, UUID.class) : null, Timestamp.from(now));
        long onTheLine = jdbc.queryForObject("SELECT count(*) FROM call_state WHERE status = 'SUBMITTED'", Long.class);
        long lastMinute = jdbc.queryForObject("SELECT count(*) FROM dispatch_attempt WHERE started_at > ?", Long.class,
                Timestamp.from(now.minusSeconds(60)));
        List<Unmatched> unmatched = jdbc.query("SELECT id, session_id, received_at, session_status FROM session_summary"
                + " WHERE message_id IS NULL ORDER BY id DESC LIMIT 10", (rs, n) -> new Unmatched(rs.getLong(1),
                rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4)));
        long unmatchedCount = jdbc.queryForObject("SELECT count(*) FROM session_summary WHERE message_id IS NULL",
                Long.class);
        List<FailedCallback> failed = jdbc.query("SELECT message_id, type, host, last_http_status, last_error,"
                + " updated_at FROM callback_event WHERE status = 'FAILED' ORDER BY updated_at DESC LIMIT 10",
                (rs, n) -> new FailedCallback(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        (Integer) rs.getObject(4), rs.getString(5), rs.getTimestamp(6).toInstant()));
        long failedCount = jdbc.queryForObject("SELECT count(*) FROM callback_event WHERE status = 'FAILED'",
                Long.class);
        long unmatchedCallActions = jdbc.queryForObject("SELECT count(*) FROM call_action_event WHERE outcome = 'UNMATCHED'",
                Long.class);
        return new Now(breaker, ((Number) due.get("n")).longValue(), oldest,
                oldest == null ? null : age(Duration.between(oldest, now)), oldestId, onTheLine, lastMinute / 60.0,
                unmatched, unmatchedCount, unmatchedCallActions, failed, failedCount);
    }

    private static String age(Duration d) {
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        }
        return Math.max(0, d.toSeconds()) + " s";
    }
}
