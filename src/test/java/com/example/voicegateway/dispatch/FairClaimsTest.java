package com.example.voicegateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.message.DueQueue;
import com.example.voicegateway.message.Outbox;
import com.example.voicegateway.support.IntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The claim under a shared 8x8: fair shares between clients, and room left for max-concurrent-calls. */
class FairClaimsTest extends IntegrationTest {

    @Autowired
    Outbox outbox;
    @Autowired
    DueQueue queue;
    @Autowired
    JdbcClient jdbcClient;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    com.example.voicegateway.ratelimit.GlobalCallRate rate;

    HeldBack heldBack;

    @BeforeEach
    void noShares() {
        empty("client_share");
        heldBack = new HeldBack(jdbcClient);
    }

    @Test
    void aFewMessagesOfOneClientAreNotStuckBehindAnothersBacklog() {
        queue("team-a", 20_000, "now() - interval '10 minutes'");
        Set<UUID> few = queue("team-b", 100, "now()");
        FairClaims claims = claims(null, c -> 1);

        List<UUID> order = new ArrayList<>();
        while (!order.containsAll(few)) {
            List<ClaimedMessage> claimed = claims.claim("test", Instant.now(), Instant.now().plusSeconds(60), 10);
            assertThat(claimed).isNotEmpty();
            claimed.forEach(m -> order.add(m.id()));
        }
        // Equal weights: the claims alternate, so B's 100 are done within the first 200, though A's 20,000 are
        // older. Oldest-first would have sent them after all of A's.
        assertThat(order).hasSize(200);
        assertThat(order.stream().filter(few::contains).count()).isEqualTo(100);
    }

    @Test
    void weightsSplitTheClaims() {
        queue("team-a", 1_000, "now() - interval '10 minutes'");
        Set<UUID> heavy = queue("team-b", 1_000, "now()");
        FairClaims claims = claims(null, c -> c.equals("team-b") ? 3 : 1);

        List<UUID> order = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            claims.claim("test", Instant.now(), Instant.now().plusSeconds(60), 1).forEach(m -> order.add(m.id()));
        }
        assertThat(order.stream().filter(heavy::contains).count()).as("weight 3 of 4").isEqualTo(30);
    }

    @Test
    void atMaxConcurrentCallsNothingMoreIsClaimedUntilACallEnds() {
        onTheLine(2, "now() + interval '1 hour'");
        // A call whose summary never came, long past its validUntil: no longer counted.
        onTheLine(1, "now() - interval '2 hours'");
        queue("team-a", 10, "now()");
        FairClaims claims = claims(3, c -> 1);

        assertThat(claims.claim("test", Instant.now(), Instant.now().plusSeconds(60), 10)).hasSize(1);
        assertThat(claims.claim("test", Instant.now(), Instant.now().plusSeconds(60), 10))
                .as("2 accepted without summary + 1 being sent").isEmpty();

        assertThat(heldBack.heldBackAt(Instant.now())).as("due messages are left waiting for a free line").isTrue();
        assertThat(jdbc.queryForObject("SELECT until FROM dispatch_held_back", java.sql.Timestamp.class).toInstant())
                .isBetween(Instant.now().plus(HeldBack.HOLD).minusSeconds(1), Instant.now().plus(HeldBack.HOLD));

        jdbc.update("UPDATE voice_call SET status = 'COMPLETED' WHERE status = 'SUBMITTED' AND message_id IN"
                + " (SELECT id FROM message_state WHERE client_name = 'on-the-line' AND valid_until > now()"
                + "  ORDER BY id LIMIT 1)");
        assertThat(claims.claim("test", Instant.now(), Instant.now().plusSeconds(60), 10)).hasSize(1);
    }

    @Test
    void whenTheSharedRateHasNoPermitLeftDueMessagesAreMarkedHeldBack() {
        queue("team-a", 500, "now()");
        ClaimGate gate = new ClaimGate(rate, claims(null, c -> 1), heldBack);
        int claims = 0;
        ClaimGate.Claim claim;
        do {
            // At the default 20 calls/s the bucket holds one permit: the second claim in a row finds none.
            claim = gate.claim("test", Instant.now(), Instant.now().plusSeconds(60), 50);
            claims++;
        } while (!claim.rateUsedUp() && claims < 400);
        assertThat(claim.rateUsedUp()).isTrue();
        assertThat(heldBack.heldBackAt(Instant.now())).isTrue();
    }

    @Test
    void noPermitButNothingDueIsNoHoldingBack() {
        ClaimGate gate = new ClaimGate(rate, claims(null, c -> 1), heldBack);
        rate.acquireUpTo(1_000);
        ClaimGate.Claim claim = gate.claim("test", Instant.now(), Instant.now().plusSeconds(60), 50);
        // Nothing due: the gate asks the rate for nothing, and says the queue is drained, not that the rate is used up.
        assertThat(claim.rateUsedUp()).isFalse();
        assertThat(claim.drained()).isTrue();
        assertThat(heldBack.heldBackAt(Instant.now())).isFalse();
    }

    @Test
    void atTheCapWithNothingDueNothingIsHeldBack() {
        onTheLine(3, "now() + interval '1 hour'");
        assertThat(claims(3, c -> 1).claim("test", Instant.now(), Instant.now().plusSeconds(60), 10)).isEmpty();
        assertThat(heldBack.heldBackAt(Instant.now())).isFalse();
    }

    @Test
    void claimsRotateBetweenClientsWithinEachPriorityHighestFirst() {
        queue("team-a", 100, "now() - interval '10 minutes'", "LOW");
        queue("team-b", 100, "now() - interval '5 minutes'", "LOW");
        Set<UUID> highOfA = queue("team-a", 10, "now()", "HIGH");
        Set<UUID> highOfB = queue("team-b", 10, "now()", "HIGH");
        FairClaims claims = claims(null, c -> 1);

        List<UUID> first = ids(claims.claim("test", Instant.now(), Instant.now().plusSeconds(60), 10));
        assertThat(first).as("every HIGH before any LOW, split between the two").hasSize(10)
                .allMatch(id -> highOfA.contains(id) || highOfB.contains(id));
        assertThat(first.stream().filter(highOfA::contains).count()).isEqualTo(5);

        List<UUID> second = ids(claims.claim("test", Instant.now(), Instant.now().plusSeconds(60), 14));
        assertThat(second.subList(0, 10)).as("the rest of the HIGH ones first")
                .allMatch(id -> highOfA.contains(id) || highOfB.contains(id));
        assertThat(second.subList(10, 14)).as("then LOW, with what is left").noneMatch(
                id -> highOfA.contains(id) || highOfB.contains(id));
    }

    @Test
    void aClientsHighMessagesDoNotCostItsShareOfTheLowOnes() {
        Set<UUID> lowOfA = queue("team-a", 100, "now() - interval '10 minutes'", "LOW");
        queue("team-b", 100, "now() - interval '10 minutes'", "LOW");
        queue("team-a", 30, "now()", "HIGH");
        queue("team-b", 1, "now()", "HIGH");
        FairClaims claims = claims(null, c -> 1);
        assertThat(claims.claim("test", Instant.now(), Instant.now().plusSeconds(60), 31)).hasSize(31);

        List<UUID> low = ids(claims.claim("test", Instant.now(), Instant.now().plusSeconds(60), 40));
        // One pass per client across priorities would have given B the first 29 LOW ones to make up for A's HIGH.
        assertThat(low.stream().filter(lowOfA::contains).count()).as("A's share of 40 LOW").isEqualTo(20);
    }

    @Test
    void aClientIsChargedOnlyForWhatItGotWhenAnotherClaimHeldSomeOfItsRows() throws Exception {
        queue("team-a", 10, "now() - interval '10 minutes'");
        queue("team-b", 10, "now()");
        FairClaims claims = claims(null, c -> 1);
        try (java.sql.Connection other = jdbc.getDataSource().getConnection()) {
            // Another instance's plain claim (it takes no lock) holds 8 of A's 10 rows while this claim runs.
            other.setAutoCommit(false);
            try (java.sql.Statement held = other.createStatement()) {
                held.executeQuery("SELECT message_id FROM voice_call WHERE client_name = 'team-a'"
                        + " ORDER BY next_attempt_at LIMIT 8 FOR UPDATE");
                List<ClaimedMessage> claimed = claims.claim("test", Instant.now(), Instant.now().plusSeconds(60), 10);
                assertThat(claimed).as("A was given 5 but only 2 of its rows were free").hasSize(7);
            } finally {
                other.rollback();
            }
        }
        Map<String, Double> passes = jdbc.query("SELECT client_name, pass FROM client_share",
                (rs, n) -> Map.entry(rs.getString(1), rs.getDouble(2))).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(passes.get("team-b") - passes.get("team-a")).as("A charged 2, B 5").isEqualTo(3.0);
    }

    private static List<UUID> ids(List<ClaimedMessage> claimed) {
        return claimed.stream().map(ClaimedMessage::id).toList();
    }

    private FairClaims claims(Integer maxConcurrentCalls, java.util.function.ToIntFunction<String> weight) {
        return new FairClaims(outbox, queue, jdbcClient, transactions, heldBack, maxConcurrentCalls, weight);
    }

    private Set<UUID> queue(String client, int n, String dueAt) {
        return queue(client, n, dueAt, "NORMAL");
    }

    private Set<UUID> queue(String client, int n, String dueAt, String priority) {
        List<UUID> ids = jdbc.queryForList("""
                INSERT INTO voice_message (id, client_name, destination, source, text, voice_profile,
                                           repetition, speed, valid_until, created_at, updated_at, priority)
                SELECT gen_random_uuid(), ?, '+659' || lpad(g::text, 7, '0'), '+6568880000', 'Fair ' || g,
                       'en-IE-EmilyNeural', 1, 1, now() + interval '1 hour', %s, %s, ?
                  FROM generate_series(1, ?) g
                RETURNING id
                """.formatted(dueAt, dueAt), UUID.class, client, priority, n);
        ledgerRows().addFirstCalls("QUEUED", "m.created_at", null);
        return Set.copyOf(ids);
    }

    private void onTheLine(int n, String validUntil) {
        jdbc.update("""
                INSERT INTO voice_message (id, client_name, destination, source, text, voice_profile,
                                           repetition, speed, valid_until, created_at, updated_at)
                SELECT gen_random_uuid(), 'on-the-line', '+6591234567', '+6568880000', 'Ringing',
                       'en-IE-EmilyNeural', 1, 1, %s, now(), now()
                  FROM generate_series(1, ?) g
                """.formatted(validUntil), n);
        ledgerRows().addFirstCalls("SUBMITTED", null, "'s-' || m.id");
    }
}
