package com.example.voicegateway.usage;

import com.example.voicegateway.message.CallStatus;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Usage from the calls and the costs 8x8's log export reported. A call is one 8x8 created (it has a sessionId), by
 * when its first POST began; its outcome is its status, answered when someone picked up ({@link CallStatus#ANSWERED}:
 * with {@code acknowledge}, pressing the key or not); a call without a cost row is counted as such, never as free.
 */
@Repository
class UsageStore {

    private final NamedParameterJdbcTemplate jdbc;

    UsageStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Per client, the calls never placed because their number was on a do-not-call list (no session, no cost: not
     * among the calls), by when they were planned.
     */
    java.util.Map<String, Long> suppressed(Instant from, Instant to, String client) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.query("""
                SELECT client_name, count(*) AS n FROM call_state
                WHERE status = 'SUPPRESSED' AND planned_at >= :from AND planned_at < :to
                  AND (CAST(:client AS text) IS NULL OR client_name = :client)
                GROUP BY client_name
                """, new MapSqlParameterSource().addValue("from", Timestamp.from(from))
                .addValue("to", Timestamp.from(to)).addValue("client", client),
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> counts.put(rs.getString("client_name"),
                        rs.getLong("n")));
        return counts;
    }

    List<UsageReport.Row> rows(Instant from, Instant to, String client) {
        return jdbc.query("""
                SELECT v.client_name, v.status, k.currency,
                       count(*) AS calls,
                       count(*) FILTER (WHERE v.status IN (:answered)) AS answered,
                       count(k.session_id) AS costed,
                       COALESCE(sum(k.billable_seconds), 0) AS billable,
                       sum(k.amount) AS amount
                FROM call_state v
                LEFT JOIN call_cost k ON k.session_id = v.session_id
                WHERE v.session_id IS NOT NULL
                  AND COALESCE(v.started_at, v.planned_at) >= :from AND COALESCE(v.started_at, v.planned_at) < :to
                  AND (CAST(:client AS text) IS NULL OR v.client_name = :client)
                GROUP BY v.client_name, v.status, k.currency
                """, new MapSqlParameterSource()
                .addValue("from", Timestamp.from(from))
                .addValue("to", Timestamp.from(to))
                .addValue("client", client)
                .addValue("answered", CallStatus.ANSWERED.stream().map(Enum::name).toList()), (rs, n) -> new UsageReport.Row(rs.getString("client_name"),
                rs.getString("status"), rs.getString("currency"), rs.getLong("calls"), rs.getLong("answered"),
                rs.getLong("costed"), rs.getLong("billable"), rs.getBigDecimal("amount")));
    }
}
