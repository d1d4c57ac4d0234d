package com.example.voicegateway.quota;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.ToIntFunction;

/**
 * Who gets the next callflows when several clients have due messages: stride scheduling. Each client has a pass
 * (its virtual time); every message given to a client advances its pass by 1 / weight, and the next message goes to
 * the client whose pass after it would be lowest. Over time each busy client gets rate × weight / (sum of the busy
 * clients' weights), however long its queue: a backlog of 50,000 is served at its share, not ahead of the others.
 *
 * <p>A client that had nothing due is not owed its idle time: it rejoins at most one message behind the most
 * advanced busy client, so it cannot use saved-up credit to starve the others either (busy clients never drift
 * further apart than that). Pure: the caller stores the passes.
 */
public final class FairShare {

    /**
     * The messages each client gets now, and every busy client's pass before them (after rejoining); store
     * {@link #charge}{@code (starts, claimed)} once the claim says how many each really got.
     */
    public record Allocation(Map<String, Integer> counts, Map<String, Double> starts) {
    }

    private FairShare() {
    }

    /**
     * @param wanted messages to hand out
     * @param due    per client with due messages, how many it has (at most {@code wanted} is useful)
     * @param passes stored passes; clients missing from it, or far behind, join one message behind the front
     * @param weight a client's weight, at least 1
     */
    public static Allocation allocate(int wanted, Map<String, Integer> due, Map<String, Double> passes,
            ToIntFunction<String> weight) {
        double floor = due.keySet().stream().filter(passes::containsKey).mapToDouble(passes::get).max()
                .orElse(1) - 1;
        Map<String, Double> starts = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        record Next(String client, double finish) {
        }
        PriorityQueue<Next> queue = new PriorityQueue<>(
                Comparator.comparingDouble(Next::finish).thenComparing(Next::client));
        for (Map.Entry<String, Integer> entry : due.entrySet()) {
            if (entry.getValue() > 0) {
                String client = entry.getKey();
                double start = Math.max(passes.getOrDefault(client, floor), floor);
                starts.put(client, start);
                queue.add(new Next(client, start + 1.0 / weight(weight, client)));
            }
        }
        int left = wanted;
        while (left > 0 && !queue.isEmpty()) {
            Next next = queue.poll();
            String client = next.client();
            int given = counts.merge(client, 1, Integer::sum);
            left--;
            if (given < due.get(client)) {
                queue.add(new Next(client, next.finish() + 1.0 / weight(weight, client)));
            }
        }
        return new Allocation(Map.copyOf(counts), Map.copyOf(starts));
    }

    /** The passes after a claim: each client charged 1 / weight per message it really got (another instance may
     * have held some of the allocated rows). */
    public static Map<String, Double> charge(Map<String, Double> before, Map<String, Integer> got,
            ToIntFunction<String> weight) {
        Map<String, Double> after = new HashMap<>(before);
        got.forEach((client, n) -> after.merge(client, n / (double) weight(weight, client), Double::sum));
        return Map.copyOf(after);
    }

    private static int weight(ToIntFunction<String> weight, String client) {
        return Math.max(1, weight.applyAsInt(client));
    }
}
