package com.example.voicegateway.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Calls, answered calls, billable time and cost per client and per outcome, over [from, to). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record UsageReport(Instant from, Instant to, String client, List<ClientUsage> clients) {

    /** One grouped row of the query: a client, an outcome, a currency (null for calls without a known cost). */
    record Row(String client, String outcome, String currency, long calls, long answered, long costedCalls,
            long billableSeconds, BigDecimal amount) {
    }

    record Cost(String amount, String currency) {
    }

    record Totals(long calls, long answered, long billableSeconds, String billableMinutes, long callsWithoutCost,
            List<Cost> cost) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OutcomeUsage(String outcome, long calls, long answered, long billableSeconds, String billableMinutes,
            long callsWithoutCost, List<Cost> cost) {
    }

    /** @param suppressed calls never placed: their number was on a do-not-call list (not among {@code calls}) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ClientUsage(String client, long calls, long answered, long billableSeconds, String billableMinutes,
            long callsWithoutCost, List<Cost> cost, List<OutcomeUsage> byOutcome, long suppressed) {
    }

    static UsageReport of(Instant from, Instant to, String client, List<Row> rows) {
        return of(from, to, client, rows, Map.of());
    }

    static UsageReport of(Instant from, Instant to, String client, List<Row> rows, Map<String, Long> suppressed) {
        Map<String, Map<String, List<Row>>> grouped = new TreeMap<>();
        // A client whose every call was suppressed still has its line.
        suppressed.keySet().forEach(name -> grouped.computeIfAbsent(name, c -> new TreeMap<>()));
        for (Row row : rows) {
            grouped.computeIfAbsent(row.client(), c -> new TreeMap<>())
                    .computeIfAbsent(row.outcome(), o -> new ArrayList<>()).add(row);
        }
        List<ClientUsage> clients = new ArrayList<>();
        grouped.forEach((name, byOutcome) -> {
            List<OutcomeUsage> outcomes = new ArrayList<>();
            List<Row> all = new ArrayList<>();
            byOutcome.forEach((outcome, outcomeRows) -> {
                Totals t = totals(outcomeRows);
                outcomes.add(new OutcomeUsage(outcome, t.calls(), t.answered(), t.billableSeconds(),
                        t.billableMinutes(), t.callsWithoutCost(), t.cost()));
                all.addAll(outcomeRows);
            });
            Totals t = totals(all);
            clients.add(new ClientUsage(name, t.calls(), t.answered(), t.billableSeconds(), t.billableMinutes(),
                    t.callsWithoutCost(), t.cost(), outcomes, suppressed.getOrDefault(name, 0L)));
        });
        return new UsageReport(from, to, client, clients);
    }

    /** Sums exactly: amounts stay BigDecimal, per currency. */
    static Totals totals(List<Row> rows) {
        long calls = 0;
        long answered = 0;
        long billable = 0;
        long costed = 0;
        Map<String, BigDecimal> amounts = new LinkedHashMap<>();
        for (Row row : rows) {
            calls += row.calls();
            answered += row.answered();
            billable += row.billableSeconds();
            costed += row.costedCalls();
            if (row.currency() != null && row.amount() != null) {
                amounts.merge(row.currency(), row.amount(), BigDecimal::add);
            }
        }
        List<Cost> cost = new ArrayList<>();
        new TreeMap<>(amounts).forEach((currency, amount) -> cost.add(new Cost(amount.toPlainString(), currency)));
        return new Totals(calls, answered, billable, minutes(billable), calls - costed, cost);
    }

    static String minutes(long seconds) {
        return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP).toPlainString();
    }
}
