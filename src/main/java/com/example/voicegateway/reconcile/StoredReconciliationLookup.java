package com.example.voicegateway.reconcile;

import com.example.voicegateway.message.Cost;
import com.example.voicegateway.message.MessageCost;
import com.example.voicegateway.message.ReconciliationLookup;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** A message's cost (summed per currency, exactly, in SQL numerics) and whether an export settled it. */
@Component
class StoredReconciliationLookup implements ReconciliationLookup {

    private final NamedParameterJdbcTemplate jdbc;

    StoredReconciliationLookup(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Reconciled find(UUID messageId) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", messageId);
        Set<Integer> settled = new HashSet<>(jdbc.queryForList("""
                SELECT DISTINCT call_number FROM reconcile_action WHERE message_id = :id AND action = 'SETTLED'
                """, params, Integer.class));
        Map<Integer, Cost> perCall = new HashMap<>();
        jdbc.query("""
                SELECT call_number, currency, sum(amount) AS amount, sum(billable_seconds) AS billable
                FROM call_cost WHERE message_id = :id GROUP BY call_number, currency
                """, params, rs -> {
            perCall.put(rs.getInt("call_number"), Cost.of(rs.getBigDecimal("amount"), rs.getString("currency"),
                    rs.getLong("billable")));
        });
        if (settled.isEmpty() && perCall.isEmpty()) {
            return Reconciled.NONE;
        }
        List<Cost> total = jdbc.query("""
                SELECT currency, sum(amount) AS amount, sum(billable_seconds) AS billable
                FROM call_cost WHERE message_id = :id GROUP BY currency ORDER BY currency
                """, params, (rs, n) -> Cost.of(rs.getBigDecimal("amount"), rs.getString("currency"),
                rs.getLong("billable")));
        Map<Integer, Call> calls = new HashMap<>();
        Set<Integer> numbers = new HashSet<>(settled);
        numbers.addAll(perCall.keySet());
        for (int number : numbers) {
            calls.put(number, new Call(settled.contains(number) ? "LOG_EXPORT" : null, perCall.get(number)));
        }
        return new Reconciled(Map.copyOf(calls), total.isEmpty() ? null : new MessageCost(total));
    }
}
