package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.message.DueQueue;
import com.example.voicegateway.message.Outbox;
import com.example.voicegateway.quota.FairShare;
import com.example.voicegateway.schedule.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

    private final Outbox outbox;
    private final DueQueue queue;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final HeldBack heldBack;
    private final Integer maxConcurrentCalls;
    private final ToIntFunction<String> weight;

    @Autowired
    FairClaims(Outbox outbox, DueQueue queue, JdbcClient jdbc, TransactionTemplate transactions, HeldBack heldBack,
            EightByEightProperties eightByEight, ClientPolicies clients) {
        this(outbox, queue, jdbc, transactions, heldBack, eightByEight.maxConcurrentCalls(),
                client -> clients.client(client).weight());
    }

    FairClaims(Outbox outbox, DueQueue queue, JdbcClient jdbc, TransactionTemplate transactions, HeldBack heldBack,
            Integer maxConcurrentCalls, ToIntFunction<String> weight) {
        this.outbox = outbox;
        this.queue = queue;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.heldBack = heldBack;
        this.maxConcurrentCalls = maxConcurrentCalls;
        this.weight = weight;
    }

    /** Claims at most {@code limit} due messages; fewer when the call cap or the queue leaves fewer. */
    List<ClaimedMessage> claim(String owner, Instant now, Instant leaseUntil, int limit) {
        return claim(owner, now, leaseUntil, limit, null);
    }

    /**
     * Per priority, highest first, the clients with due calls and how many (at most {@code limit}): what
     * {@link #claim(String, Instant, Instant, int, Map)} splits. Read first, so a claim can take just the permits it
     * can use.
     */
    Map<Priority, Map<String, Integer>> due(Instant now, int limit) {
        return queue.dueByClient(now, limit);
    }

    /** As {@link #claim(String, Instant, Instant, int)}, with the queue's {@link #due} read just before (null: read it). */
    List<ClaimedMessage> claim(String owner, Instant now, Instant leaseUntil, int limit,
            Map<Priority, Map<String, Integer>> dueNow) {
        return transactions.execute(tx -> {
            int room = limit;
            if (maxConcurrentCalls != null) {
                lock();
                room = Math.min(room, maxConcurrentCalls - queue.onTheLine(now.minus(LOST_SUMMARY_AFTER)));
                if (room <= 0) {
                    heldBack.mark(now, () -> dueNow != null ? !dueNow.isEmpty() : queue.anyDue(now));
                    return List.<ClaimedMessage>of();
                }
            }
            Map<Priority, Map<String, Integer>> due = dueNow != null ? dueNow : queue.dueByClient(now, room);
            if (due.values().stream().allMatch(clients -> clients.size() <= 1)) {
                // One client per priority: the plain oldest-first claim, of the priorities that have due calls.
                return due.isEmpty() ? List.<ClaimedMessage>of()
                        : outbox.claimDue(owner, now, leaseUntil, room, due.keySet());
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
        List<Outbox.ClientClaim> claimed = outbox.claimDueFor(priority, share.counts(), owner, now, leaseUntil);
        // Each client is charged for what it got: a plain claim on another instance (no lock) may have taken some
        // of the rows it was given meanwhile.
        Map<String, Integer> got = new HashMap<>();
        claimed.forEach(c -> got.merge(c.client(), 1, Integer::sum));
        savePasses(priority, FairShare.charge(share.starts(), got, weight));
        return claimed.stream().map(Outbox.ClientClaim::message).toList();
    }

    private void lock() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(CLAIM_LOCK).query((rs, n) -> 1).single();
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
