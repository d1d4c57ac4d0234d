package com.example.voicegateway.message;

import static com.example.voicegateway.config.JdbcTime.instant;
import static com.example.voicegateway.config.JdbcTime.ts;

import com.example.voicegateway.schedule.Priority;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the outbox holds, for the dispatcher's decisions and gauges: whether and when calls fall due, whose they
 * are, how many calls 8x8 may have on the line. Reads only; {@link Outbox} has the commands.
 */
@Component
public class DueQueue {

    /** Due queued calls and when the oldest of them was planned. */
    public record QueueStats(long due, Instant oldestPlannedAt) {
    }

    /** Per client and priority, how many due messages (up to the limit): one index probe per client to find them. */
    private static final String DUE_BY_CLIENT = """
            WITH RECURSIVE clients AS (
                (SELECT client_name FROM voice_call WHERE status = 'QUEUED' ORDER BY client_name LIMIT 1)
                UNION ALL
                SELECT (SELECT m.client_name FROM voice_call m
                         WHERE m.status = 'QUEUED' AND m.client_name > c.client_name
                         ORDER BY m.client_name LIMIT 1)
                  FROM clients c WHERE c.client_name IS NOT NULL)
            SELECT c.client_name, p.priority, d.n
              FROM clients c
             CROSS JOIN unnest(?::text[]) AS p(priority)
             CROSS JOIN LATERAL (SELECT count(*) AS n FROM (
                    SELECT 1 FROM voice_call m
                     WHERE m.status = 'QUEUED' AND m.client_name = c.client_name AND m.priority = p.priority
                       AND m.next_attempt_at <= ? AND m.valid_until > ? AND m.session_id IS NULL
                     LIMIT ?) due) d
             WHERE c.client_name IS NOT NULL AND d.n > 0
            """;

    private static final String ON_THE_LINE = """
            SELECT (SELECT count(*) FROM voice_call WHERE status = 'SENDING')
                 + (SELECT count(*) FROM voice_call WHERE status IN ('SUBMITTED', 'UNKNOWN') AND valid_until > ?)
            """;

    private static final String[] PRIORITIES = Arrays.stream(Priority.values()).map(Enum::name)
            .toArray(String[]::new);

    private final JdbcClient jdbc;

    DueQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Per priority, highest first, the clients with due messages and how many (at most {@code limit}). */
    public Map<Priority, Map<String, Integer>> dueByClient(Instant now, int limit) {
        Map<Priority, Map<String, Integer>> due = new EnumMap<>(Priority.class);
        jdbc.sql(DUE_BY_CLIENT).params(PRIORITIES, ts(now), ts(now), limit)
                .query(rs -> {
                    due.computeIfAbsent(Priority.valueOf(rs.getString(2)), p -> new LinkedHashMap<>())
                            .put(rs.getString(1), rs.getInt(3));
                });
        return due;
    }

    /**
     * Calls 8x8 may have on the line now: being posted, or accepted and without a summary while their message's
     * validUntil is after {@code countedAfter} (older ones lost their summary).
     */
    public int onTheLine(Instant countedAfter) {
        return jdbc.sql(ON_THE_LINE).param(ts(countedAfter)).query(Integer.class).single();
    }

    /** Whether a queued message is due now, for all instances. */
    public boolean anyDue(Instant now) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM voice_call
                                WHERE status = 'QUEUED' AND next_attempt_at <= ? AND valid_until > ?
                                  AND session_id IS NULL)
                """)
                .params(ts(now), ts(now))
                .query(Boolean.class)
                .single();
    }

    /** The earliest next_attempt_at of a queued message, so the dispatcher can sleep exactly until then (due ones
     * it could not claim are locked by another dispatcher or expired, so they are left out). */
    public Instant nextDueAt(Instant now) {
        return jdbc.sql("""
                SELECT min(next_attempt_at) FROM voice_call
                 WHERE status = 'QUEUED' AND next_attempt_at > ? AND valid_until > ? AND session_id IS NULL
                """)
                .params(ts(now), ts(now))
                .query((rs, n) -> instant(rs, 1))
                .optional()
                .orElse(null);
    }

    /** Due queued calls and when the oldest of them was planned, for the gauges. */
    public QueueStats queueStats(Instant now) {
        return jdbc.sql("""
                SELECT count(*), min(planned_at) FROM voice_call WHERE status = 'QUEUED' AND next_attempt_at <= ?
                """)
                .param(ts(now))
                .query((rs, n) -> new QueueStats(rs.getLong(1), instant(rs, 2)))
                .single();
    }
}
