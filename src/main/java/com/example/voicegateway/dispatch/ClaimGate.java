package com.example.voicegateway.dispatch;

import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.message.DueQueue;
import com.example.voicegateway.ratelimit.GlobalCallRate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What the claim loop may claim now, for all instances together: as many messages as 8x8's shared rate has
 * permits for (taken before the claim, so no message is held SENDING waiting for one), within
 * {@code max-concurrent-calls} and split fairly between clients ({@link FairClaims}). Permits the claim could not
 * use go back to the bucket.
 */
@Component
class ClaimGate {

    /** The claimed messages, and how many permits there were (0: 8x8's rate is used up for the moment). */
    record Claim(List<ClaimedMessage> messages, int permits) {
    }

    private final GlobalCallRate rate;
    private final FairClaims claims;
    private final HeldBack heldBack;
    private final DueQueue queue;

    ClaimGate(GlobalCallRate rate, FairClaims claims, HeldBack heldBack, DueQueue queue) {
        this.rate = rate;
        this.claims = claims;
        this.heldBack = heldBack;
        this.queue = queue;
    }

    Claim claim(String owner, Instant now, Instant leaseUntil, int wanted) {
        int permits = rate.acquireUpTo(wanted);
        if (permits == 0) {
            heldBack.mark(now, () -> queue.anyDue(now));
            return new Claim(List.of(), 0);
        }
        List<ClaimedMessage> claimed = List.of();
        try {
            claimed = claims.claim(owner, now, leaseUntil, permits);
        } finally {
            rate.release(permits - claimed.size());
        }
        return new Claim(claimed, permits);
    }

    /** A permit for an in-process retry POST (the first POST's came with the claim); false when none is left. */
    boolean retryPermit() {
        return rate.acquireUpTo(1) == 1;
    }

    Duration untilNextPermit() {
        return rate.untilNextPermit();
    }
}
