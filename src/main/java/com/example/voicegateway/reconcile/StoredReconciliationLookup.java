package com.example.voicegateway.reconcile;

import com.example.voicegateway.message.ReconciliationLookup;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** A message's cost (summed per currency, exactly, in SQL numerics) and whether an export settled it. */
@Component
class StoredReconciliationLookup implements ReconciliationLookup {

    /** A cost as shown: amount as a decimal string, never a float. */
    record Cost(String amount, String currency, long billableSeconds) {
        static Cost of(BigDecimal amount, String currency, long billableSeconds) {
            return new Cost(amount.toPlainString(), currency, billableSeconds);
        }
    }

    private final NamedParameterJdbcTemplate jdbc;

    StoredReconciliationLookup(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Reconciled find(UUID messageId) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", messageId);
        Boolean settled = jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM reconcile_action WHERE message_id = :id AND action = 'SETTLED')
                """, params, Boolean.class);
        List<Cost> costs = jdbc.query("""
                SELECT currency, sum(amount) AS amount, sum(billable_seconds) AS billable
                FROM call_cost WHERE message_id = :id GROUP BY currency ORDER BY currency
                """, params, (rs, n) -> Cost.of(rs.getBigDecimal("amount"), rs.getString("currency"),
                rs.getLong("billable")));
        Object cost = costs.isEmpty() ? null : costs.size() == 1 ? costs.get(0) : costs;
        return new Reconciled(Boolean.TRUE.equals(settled) ? "LOG_EXPORT" : null, cost);
    }
}
