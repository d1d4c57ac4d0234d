package com.example.voicegateway.usage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Usage from the calls and the costs 8x8's log export reported. A call is one 8x8 created (it has a sessionId), by
 * when it was made; its outcome is its status; a call without a cost row is counted as such, never as free.
 */
@Repository
class UsageStore {

    private final NamedParameterJdbcTemplate jdbc;

    UsageStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<UsageReport.Row> rows(Instant from, Instant to, String client) {
        return jdbc.query("""
                SELECT m.client_name, m.status, c.currency,
                       count(*) AS calls,
                       count(*) FILTER (WHERE m.status = 'COMPLETED') AS answered,
                       count(c.session_id) AS costed,
                       COALESCE(sum(c.billable_seconds), 0) AS billable,
                       sum(c.amount) AS amount
                FROM voice_message m
                LEFT JOIN call_cost c ON c.session_id = m.session_id
                WHERE m.session_id IS NOT NULL AND m.created_at >= :from AND m.created_at < :to
                  AND (CAST(:client AS text) IS NULL OR m.client_name = :client)
                GROUP BY m.client_name, m.status, c.currency
                """, new MapSqlParameterSource()
                .addValue("from", Timestamp.from(from))
                .addValue("to", Timestamp.from(to))
                .addValue("client", client), (rs, n) -> new UsageReport.Row(rs.getString("client_name"),
                rs.getString("status"), rs.getString("currency"), rs.getLong("calls"), rs.getLong("answered"),
                rs.getLong("costed"), rs.getLong("billable"), rs.getBigDecimal("amount")));
    }
}
