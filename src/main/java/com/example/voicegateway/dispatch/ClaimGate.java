package com.example.voicegateway.dispatch;

import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.ratelimit.GlobalCallRate;
import com.example.voicegateway.schedule.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What the claim loop may claim now, for all instances together: as many messages as 8x8's shared rate has
 * permits for (taken before the claim, so no message is held SENDING waiting for one), within
 * {@code max-concurrent-calls} and split fairly between clients ({@link FairClaims}). Permits the claim could not
 * use go back to the bucket.
 */
@Component
class ClaimGate {

    /**
     * The claimed messages; {@code rateUsedUp}: calls were due but 8x8's rate had no permit left this instant;
     * {@code drained}: the queue had no more due calls than were claimed, so the dispatcher may sleep until the next one
     * falls due.
     */
    record Claim(List<ClaimedMessage> messages, boolean rateUsedUp, boolean drained) {
    }

    private final GlobalCallRate rate;
    private final FairClaims claims;
    private final HeldBack heldBack;

    ClaimGate(GlobalCallRate rate, FairClaims claims, HeldBack heldBack) {
        this.rate = rate;
        this.claims = claims;
        this.heldBack = heldBack;
    }

    /**
     * Reads what is due first and takes only the permits it can use: a poll that finds nothing due touches no rate
     * bucket, and a claim of a few calls gives nothing back.
     */
    Claim claim(String owner, Instant now, Instant leaseUntil, int wanted) {
        Map<Priority, Map<String, Integer>> due = claims.due(now, wanted);
        int dueCount = due.values().stream().flatMap(clients -> clients.values().stream())
                .mapToInt(Integer::intValue).sum();
        if (dueCount == 0) {
            return new Claim(List.of(), false, true);
        }
        int asked = Math.min(wanted, dueCount);
        int permits = rate.acquireUpTo(asked);
        if (permits == 0) {
            heldBack.mark(now, () -> true);
            return new Claim(List.of(), true, false);
        }
        List<ClaimedMessage> claimed = List.of();
        try {
            claimed = claims.claim(owner, now, leaseUntil, permits, due);
        } finally {
            rate.release(permits - claimed.size());
        }
        // Fewer due than wanted, or fewer claimed than permitted (another instance took some): nothing more now.
        return new Claim(claimed, false, dueCount < wanted || claimed.size() < permits);
    }

    /** A permit for an in-process retry POST (the first POST's came with the claim); false when none is left. */
    boolean retryPermit() {
        return rate.acquireUpTo(1) == 1;
    }

    Duration untilNextPermit() {
        return rate.untilNextPermit();
    }
}
