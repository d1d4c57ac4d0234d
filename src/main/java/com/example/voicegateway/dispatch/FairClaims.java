package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.GatewayProperties;
import com.example.voicegateway.quota.FairShare;
import com.example.voicegateway.schedule.Priority;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The claim when more than one instance and more than one client share 8x8: in one transaction, under an advisory
 * lock every instance takes for its claim, it leaves room for {@code max-concurrent-calls}, then goes through the
 * priorities, highest first: within each, it splits what may still be claimed between the clients with due messages
 * of that priority by their fair share ({@link FairShare}, passes per client and priority in {@code client_share})
 * and claims each client's part, oldest first. Where no priority has more than one client due and there is no call
 * cap it is the plain claim: nothing to share, nothing to serialize.
 */
@Component
class FairClaims {

    /** Lock id of "voice-gateway claim" (the value only has to be the same in every instance). */
    static final long CLAIM_LOCK = 0x76672d636c61696dL;
    /** A call older than its validUntil plus this stops counting as on the line: its summary was lost. */
    static final Duration LOST_SUMMARY_AFTER = Duration.ofHours(1);

    /** Per client and priority, how many due messages (up to the limit): one index probe per client to find them. */
    private static final String DUE_BY_CLIENT = """
            WITH RECURSIVE clients AS (
                (SELECT client_name FROM voice_message WHERE status = 'QUEUED' ORDER BY client_name LIMIT 1)
                UNION ALL
                SELECT (SELECT m.client_name FROM voice_message m
                         WHERE m.status = 'QUEUED' AND m.client_name > c.client_name
                         ORDER BY m.client_name LIMIT 1)
                  FROM clients c WHERE c.client_name IS NOT NULL)
            SELECT c.client_name, p.priority, d.n
              FROM clients c
             CROSS JOIN unnest(?::text[]) AS p(priority)
             CROSS JOIN LATERAL (SELECT count(*) AS n FROM (
                    SELECT 1 FROM voice_message m
                     WHERE m.status = 'QUEUED' AND m.client_name = c.client_name AND m.priority = p.priority
                       AND m.next_attempt_at <= ? AND m.valid_until > ? AND m.session_id IS NULL
                     LIMIT ?) due) d
             WHERE c.client_name IS NOT NULL AND d.n > 0
            """;

    private static final String ON_THE_LINE = """
            SELECT (SELECT count(*) FROM voice_message WHERE status = 'SENDING')
                 + (SELECT count(*) FROM voice_call c JOIN voice_message m ON m.id = c.message_id
                     WHERE c.status IN ('SUBMITTED', 'UNKNOWN') AND m.valid_until > ?)
            """;

    /** The same claim, of one priority, each client's oldest due messages up to its own count (its fair share). */
    private static final String CLAIM_PER_CLIENT = DispatchStore.CLAIM_TEMPLATE.formatted("""
            SELECT due.id FROM unnest(?::text[], ?::int[]) AS share(client_name, n)
             CROSS JOIN LATERAL (SELECT id FROM voice_message
                                  WHERE status = 'QUEUED' AND client_name = share.client_name AND priority = ?
                                    AND next_attempt_at <= ? AND valid_until > ? AND session_id IS NULL
                                  ORDER BY next_attempt_at
                                  LIMIT share.n
                                  FOR UPDATE SKIP LOCKED) due""");

    private static final String[] PRIORITIES = Arrays.stream(Priority.values()).map(Enum::name)
            .toArray(String[]::new);

    private final DispatchStore store;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final HeldBack heldBack;
    private final Integer maxConcurrentCalls;
    private final ToIntFunction<String> weight;

    @Autowired
    FairClaims(DispatchStore store, JdbcClient jdbc, TransactionTemplate transactions, HeldBack heldBack,
            GatewayProperties properties) {
        this(store, jdbc, transactions, heldBack, properties.eightbyeight().maxConcurrentCalls(),
                client -> properties.client(client).weight());
    }

    FairClaims(DispatchStore store, JdbcClient jdbc, TransactionTemplate transactions, HeldBack heldBack,
            Integer maxConcurrentCalls, ToIntFunction<String> weight) {
        this.store = store;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.heldBack = heldBack;
        this.maxConcurrentCalls = maxConcurrentCalls;
        this.weight = weight;
    }

    /** Claims at most {@code limit} due messages; fewer when the call cap or the queue leaves fewer. */
    List<ClaimedMessage> claim(String owner, Instant now, Instant leaseUntil, int limit) {
        return transactions.execute(tx -> {
            int room = limit;
            if (maxConcurrentCalls != null) {
                lock();
                room = Math.min(room, maxConcurrentCalls - onTheLine(now));
                if (room <= 0) {
                    heldBack.mark(now, () -> store.anyDue(now));
                    return List.<ClaimedMessage>of();
                }
            }
            Map<Priority, Map<String, Integer>> due = dueByClient(now, room);
            if (due.values().stream().allMatch(clients -> clients.size() <= 1)) {
                return due.isEmpty() ? List.<ClaimedMessage>of() : store.claim(owner, now, leaseUntil, room);
            }
            if (maxConcurrentCalls == null) {
                lock();
            }
            List<ClaimedMessage> claimed = new ArrayList<>(room);
            for (Map.Entry<Priority, Map<String, Integer>> level : due.entrySet()) {
                int left = room - claimed.size();
                if (left == 0) {
                    break;
                }
                claimed.addAll(claimShares(level.getKey(), level.getValue(), owner, now, leaseUntil, left));
            }
            return claimed;
        });
    }

    /** One priority's part of the claim: {@code room} split between its due clients by their passes. */
    private List<ClaimedMessage> claimShares(Priority priority, Map<String, Integer> due, String owner, Instant now,
            Instant leaseUntil, int room) {
        FairShare.Allocation share = FairShare.allocate(room, due, passes(priority, due.keySet()), weight);
        List<ClientClaim> claimed = claimPerClient(priority, owner, now, leaseUntil, share.counts());
        // Each client is charged for what it got: a plain claim on another instance (no lock) may have taken some
        // of the rows it was given meanwhile.
        Map<String, Integer> got = new HashMap<>();
        claimed.forEach(c -> got.merge(c.client(), 1, Integer::sum));
        savePasses(priority, FairShare.charge(share.starts(), got, weight));
        return claimed.stream().map(ClientClaim::message).toList();
    }

    private record ClientClaim(String client, ClaimedMessage message) {
    }

    /** Like {@link DispatchStore#claim}, at most {@code counts.get(client)} of each client's due messages. */
    private List<ClientClaim> claimPerClient(Priority priority, String owner, Instant now, Instant leaseUntil,
            Map<String, Integer> counts) {
        String[] clients = counts.keySet().toArray(String[]::new);
        Integer[] limits = Arrays.stream(clients).map(counts::get).toArray(Integer[]::new);
        return jdbc.sql(CLAIM_PER_CLIENT)
                .params(owner, Timestamp.from(leaseUntil), Timestamp.from(now), clients, limits, priority.name(),
                        Timestamp.from(now), Timestamp.from(now))
                .query((rs, n) -> new ClientClaim(rs.getString("client_name"), ClaimedMessage.of(rs)))
                .list();
    }

    /** Calls 8x8 may have on the line now: being posted, or accepted and without a summary (bounded in age). */
    int onTheLine(Instant now) {
        return jdbc.sql(ON_THE_LINE).param(Timestamp.from(now.minus(LOST_SUMMARY_AFTER)))
                .query(Integer.class).single();
    }

    private void lock() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(CLAIM_LOCK).query((rs, n) -> 1).single();
    }

    /** Per priority, highest first, the clients with due messages and how many (at most {@code limit}). */
    private Map<Priority, Map<String, Integer>> dueByClient(Instant now, int limit) {
        Map<Priority, Map<String, Integer>> due = new EnumMap<>(Priority.class);
        jdbc.sql(DUE_BY_CLIENT).params(PRIORITIES, Timestamp.from(now), Timestamp.from(now), limit)
                .query(rs -> {
                    due.computeIfAbsent(Priority.valueOf(rs.getString(2)), p -> new LinkedHashMap<>())
                            .put(rs.getString(1), rs.getInt(3));
                });
        return due;
    }

    private Map<String, Double> passes(Priority priority, Set<String> clients) {
        Map<String, Double> passes = new HashMap<>();
        jdbc.sql("SELECT client_name, pass FROM client_share WHERE priority = ? AND client_name = ANY(?)")
                .params(priority.name(), clients.toArray(String[]::new))
                .query(rs -> {
                    passes.put(rs.getString(1), rs.getDouble(2));
                });
        return passes;
    }

    private void savePasses(Priority priority, Map<String, Double> passes) {
        passes.forEach((client, pass) -> jdbc.sql("""
                INSERT INTO client_share (client_name, priority, pass) VALUES (?, ?, ?)
                ON CONFLICT (client_name, priority) DO UPDATE SET pass = EXCLUDED.pass
                """).params(client, priority.name(), pass).update());
    }
}
