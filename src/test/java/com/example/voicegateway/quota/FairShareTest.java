package com.example.voicegateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairShareTest {

    @Test
    void equalWeightsAlternateWhateverTheBacklog() {
        Map<String, Double> passes = new HashMap<>();
        int a = 0;
        int b = 0;
        // One message per claim, as under a tight rate limit: the claims must rotate, not favour the older queue.
        for (int i = 0; i < 200; i++) {
            FairShare.Allocation claim = FairShare.allocate(1, Map.of("a", 20_000, "b", 100), passes, c -> 1);
            a += claim.counts().getOrDefault("a", 0);
            b += claim.counts().getOrDefault("b", 0);
            passes.putAll(FairShare.charge(claim.starts(), claim.counts(), c -> 1));
        }
        assertThat(a).isEqualTo(100);
        assertThat(b).isEqualTo(100);
    }

    @Test
    void aBatchIsSplitByWeight() {
        FairShare.Allocation claim = FairShare.allocate(40, Map.of("a", 20_000, "b", 100), Map.of(),
                c -> c.equals("b") ? 3 : 1);
        assertThat(claim.counts()).containsEntry("a", 10).containsEntry("b", 30);
    }

    @Test
    void aClientWithFewDueLeavesTheRestToOthers() {
        FairShare.Allocation claim = FairShare.allocate(50, Map.of("a", 20_000, "b", 5), Map.of(), c -> 1);
        assertThat(claim.counts()).containsEntry("a", 45).containsEntry("b", 5);
    }

    @Test
    void aClientBackFromIdleRejoinsNextToTheBusyOnesWithoutSavedCredit() {
        // b was idle while a's pass advanced to 1000: b must not now get the next 1000 messages in a row.
        FairShare.Allocation claim = FairShare.allocate(10, Map.of("a", 20_000, "b", 20_000),
                Map.of("a", 1000.0, "b", 3.0), c -> 1);
        assertThat(claim.counts()).containsEntry("a", 5).containsEntry("b", 5);
        assertThat(claim.starts()).containsEntry("b", 999.0);
    }

    @Test
    void chargingCountsWhatWasReallyClaimed() {
        Map<String, Double> after = FairShare.charge(Map.of("a", 2.0, "b", 2.0), Map.of("a", 3),
                c -> c.equals("a") ? 2 : 1);
        assertThat(after).containsEntry("a", 3.5).containsEntry("b", 2.0);
    }
}
