package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.GatewayProperties;
import com.example.voicegateway.quota.FairShare;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
 * lock every instance takes for its claim, it leaves room for {@code max-concurrent-calls}, splits what may be
 * claimed between the clients with due messages by their fair share ({@link FairShare}, passes in
 * {@code client_share}), and claims each client's part, oldest first. With one client due and no call cap it is the
 * plain claim: nothing to share, nothing to serialize.
 */
@Component
class FairClaims {

    /** Lock id of "voice-gateway claim" (the value only has to be the same in every instance). */
    static final long CLAIM_LOCK = 0x76672d636c61696dL;
    /** A call older than its validUntil plus this stops counting as on the line: its summary was lost. */
    static final Duration LOST_SUMMARY_AFTER = Duration.ofHours(1);

    private static final String DUE_BY_CLIENT = """
            WITH RECURSIVE clients AS (
                (SELECT client_name FROM voice_message WHERE status = 'QUEUED' ORDER BY client_name LIMIT 1)
                UNION ALL
                SELECT (SELECT m.client_name FROM voice_message m
                         WHERE m.status = 'QUEUED' AND m.client_name > c.client_name
                         ORDER BY m.client_name LIMIT 1)
                  FROM clients c WHERE c.client_name IS NOT NULL)
            SELECT c.client_name, d.n
              FROM clients c
             CROSS JOIN LATERAL (SELECT count(*) AS n FROM (
                    SELECT 1 FROM voice_message m
                     WHERE m.status = 'QUEUED' AND m.client_name = c.client_name AND m.next_attempt_at <= ?
                       AND m.valid_until > ? AND m.session_id IS NULL
                     LIMIT ?) due) d
             WHERE c.client_name IS NOT NULL AND d.n > 0
            """;

    private static final String ON_THE_LINE = """
            SELECT (SELECT count(*) FROM voice_message WHERE status = 'SENDING')
                 + (SELECT count(*) FROM voice_call c JOIN voice_message m ON m.id = c.message_id
                     WHERE c.status IN ('SUBMITTED', 'UNKNOWN') AND m.valid_until > ?)
            """;

    /** The same claim, each client's oldest due messages up to its own count (the fair share's allocation). */
    private static final String CLAIM_PER_CLIENT = DispatchStore.CLAIM_TEMPLATE.formatted("""
            SELECT due.id FROM unnest(?::text[], ?::int[]) AS share(client_name, n)
             CROSS JOIN LATERAL (SELECT id FROM voice_message
                                  WHERE status = 'QUEUED' AND client_name = share.client_name
                                    AND next_attempt_at <= ? AND valid_until > ? AND session_id IS NULL
                                  ORDER BY CASE priority WHEN 'HIGH' THEN 0 WHEN 'NORMAL' THEN 1 ELSE 2 END,
                                           next_attempt_at
                                  LIMIT share.n
                                  FOR UPDATE SKIP LOCKED) due""");

    private final DispatchStore store;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Integer maxConcurrentCalls;
    private final ToIntFunction<String> weight;

    @Autowired
    FairClaims(DispatchStore store, JdbcClient jdbc, TransactionTemplate transactions, GatewayProperties properties) {
        this(store, jdbc, transactions, properties.eightbyeight().maxConcurrentCalls(),
                client -> properties.client(client).weight());
    }

    FairClaims(DispatchStore store, JdbcClient jdbc, TransactionTemplate transactions, Integer maxConcurrentCalls,
            ToIntFunction<String> weight) {
        this.store = store;
        this.jdbc = jdbc;
        this.transactions = transactions;
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
                    return List.<ClaimedMessage>of();
                }
            }
            Map<String, Integer> due = dueByClient(now, room);
            if (due.size() <= 1) {
                return due.isEmpty() ? List.<ClaimedMessage>of() : store.claim(owner, now, leaseUntil, room);
            }
            if (maxConcurrentCalls == null) {
                lock();
            }
            FairShare.Allocation share = FairShare.allocate(room, due, passes(due.keySet()), weight);
            List<ClaimedMessage> claimed = claimPerClient(owner, now, leaseUntil, share.counts());
            // Under the lock no other claim competes for these rows, so each client got what it was given.
            savePasses(FairShare.charge(share.starts(), share.counts(), weight));
            return claimed;
        });
    }

    /** Like {@link DispatchStore#claim}, at most {@code counts.get(client)} of each client's due messages. */
    private List<ClaimedMessage> claimPerClient(String owner, Instant now, Instant leaseUntil,
            Map<String, Integer> counts) {
        String[] clients = counts.keySet().toArray(String[]::new);
        Integer[] limits = Arrays.stream(clients).map(counts::get).toArray(Integer[]::new);
        return jdbc.sql(CLAIM_PER_CLIENT)
                .params(owner, Timestamp.from(leaseUntil), Timestamp.from(now), clients, limits, Timestamp.from(now),
                        Timestamp.from(now))
                .query(DispatchStore::claimed)
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

    private Map<String, Integer> dueByClient(Instant now, int limit) {
        Map<String, Integer> due = new LinkedHashMap<>();
        jdbc.sql(DUE_BY_CLIENT).params(Timestamp.from(now), Timestamp.from(now), limit)
                .query(rs -> {
                    due.put(rs.getString(1), rs.getInt(2));
                });
        return due;
    }

    private Map<String, Double> passes(Set<String> clients) {
        Map<String, Double> passes = new HashMap<>();
        jdbc.sql("SELECT client_name, pass FROM client_share WHERE client_name = ANY(?)")
                .param(clients.toArray(String[]::new))
                .query(rs -> {
                    passes.put(rs.getString(1), rs.getDouble(2));
                });
        return passes;
    }

    private void savePasses(Map<String, Double> passes) {
        passes.forEach((client, pass) -> jdbc.sql("""
                INSERT INTO client_share (client_name, pass) VALUES (?, ?)
                ON CONFLICT (client_name) DO UPDATE SET pass = EXCLUDED.pass
                """).params(client, pass).update());
    }
}
