package com.example.voicegateway.console;

import com.example.voicegateway.message.CapacityLookup;
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

/**
 * The gateway's state right now, for an operator on call: is 8x8 reachable, is the queue moving, what is stuck, and
 * how many messages wait, for what.
 */
@Component
class NowBoard {

    private final JdbcTemplate jdbc;
    private final CircuitBreakerRegistry breakers;
    private final CapacityLookup capacity;
    private final Clock clock;

    NowBoard(JdbcTemplate jdbc, CircuitBreakerRegistry breakers, CapacityLookup capacity, Clock clock) {
        this.jdbc = jdbc;
        this.breakers = breakers;
        this.capacity = capacity;
        this.clock = clock;
    }

    /**
     * @param dueMessages     queued and due now, held back or not
     * @param heldBack        messages that would go out but for 8x8's limits: {@code heldByBreaker} (the circuit
     *                        breaker is open, or deferred them while it was) plus {@code heldByRate} (8x8's shared
     *                        call rate or the calls-at-once limit)
     * @param waitingForTime  queued messages not due yet for a reason of their own: {@code sendAt},
     *                        {@code deliveryWindow}, {@code redialInterval}, {@code retryBackoff}
     */
    record Now(String circuitBreaker, long dueMessages, Instant oldestDue, String oldestDueAge, UUID oldestDueId,
            long heldBack, long heldByBreaker, long heldByRate, long waitingForTime, long sendAt,
            long deliveryWindow, long redialInterval, long retryBackoff,
            long callsOnTheLine, double callsPerSecondLastMinute, List<Unmatched> unmatchedSummaries,
            long unmatchedSummaryCount, long unmatchedCallActionCount, List<FailedCallback> failedCallbacks,
            long failedCallbackCount) {

        public boolean breakerClosed() {
            return "CLOSED".equals(circuitBreaker);
        }
    }

    record FailedCallback(UUID messageId, String type, String host, Integer lastHttpStatus, String lastError,
            Instant failedAt) {
    }

    record Unmatched(long id, String sessionId, Instant receivedAt, String sessionStatus) {
    }

    /** The 8x8 circuit breaker's state: CLOSED, OPEN, HALF_OPEN, FORCED_OPEN... */
    String circuitBreaker() {
        return breakers.getAllCircuitBreakers().stream()
                .filter(b -> b.getName().equals("eightByEight")).findFirst()
                .map(b -> b.getState().name()).orElse("not configured");
    }

    Now read() {
        Instant now = clock.instant();
        String breaker = circuitBreaker();
        Map<String, Object> due = jdbc.queryForMap("SELECT count(*) AS n, min(next_attempt_at) AS oldest FROM call_state"
                + " WHERE status = 'QUEUED' AND next_attempt_at <= ?", Timestamp.from(now));
        // Not due yet, by what they wait for. A message the breaker kept from being sent waits RETRY_BACKOFF until
        // the breaker may let a call through; only its last error says the breaker was the reason.
        Map<String, Object> later = jdbc.queryForMap("""
                SELECT count(*) FILTER (WHERE waiting_for = 'RETRY_BACKOFF' AND last_error LIKE ?) AS breaker,
                       count(*) FILTER (WHERE waiting_for = 'RATE_LIMIT') AS rate,
                       count(*) FILTER (WHERE waiting_for = 'SEND_AT') AS send_at,
                       count(*) FILTER (WHERE waiting_for = 'DELIVERY_WINDOW') AS delivery_window,
                       count(*) FILTER (WHERE waiting_for = 'REDIAL_INTERVAL') AS redial,
                       count(*) FILTER (WHERE waiting_for = 'RETRY_BACKOFF'
                                          AND COALESCE(last_error, '') NOT LIKE ?) AS retry
                  FROM call_state WHERE status = 'QUEUED' AND next_attempt_at > ?
                """, "%" + StoryTeller.CIRCUIT_OPEN + "%", "%" + StoryTeller.CIRCUIT_OPEN + "%", Timestamp.from(now));
        long dueCount = ((Number) due.get("n")).longValue();
        // Due messages wait for 8x8's limits only while the breaker is not closed or the dispatchers are held back.
        boolean breakerHolds = !"CLOSED".equals(breaker);
        long heldByBreaker = count(later, "breaker") + (breakerHolds ? dueCount : 0);
        long heldByRate = count(later, "rate") + (!breakerHolds && dueCount > 0 && capacity.heldBackAt(now)
                ? dueCount : 0);
        long sendAt = count(later, "send_at");
        long window = count(later, "delivery_window");
        long redial = count(later, "redial");
        long retry = count(later, "retry");
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
        return new Now(breaker, dueCount, oldest,
                oldest == null ? null : age(Duration.between(oldest, now)), oldestId, heldByBreaker + heldByRate,
                heldByBreaker, heldByRate, sendAt + window + redial + retry, sendAt, window, redial, retry,
                onTheLine, lastMinute / 60.0,
                unmatched, unmatchedCount, unmatchedCallActions, failed, failedCount);
    }

    private static long count(Map<String, Object> counts, String column) {
        return ((Number) counts.get(column)).longValue();
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
