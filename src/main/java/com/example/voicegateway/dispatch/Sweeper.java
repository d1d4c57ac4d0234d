package com.example.voicegateway.dispatch;

import com.example.voicegateway.message.OutboxSweeps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the claim loop settles every poll interval, for every instance's rows, through the ledger's
 * {@link OutboxSweeps}: queued messages past their validUntil, leases a dead or hung dispatcher left behind, and
 * unknown outcomes no summary settled in time. This side words, counts and logs what they did.
 */
@Component
class Sweeper {

    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

    static final String LEASE_EXPIRED = "outcome unknown: the lease expired while a POST was under way (the gateway"
            + " stopped or hung mid-send); never re-sent, waiting for 8x8's session summary";
    static final String LEASE_EXPIRED_UNSENT = "the lease expired before any POST began (the gateway stopped or hung"
            + " while waiting to send): nothing was sent, queued again";
    private static final OutboxSweeps.LeaseLoss LEASE_LOSS = new OutboxSweeps.LeaseLoss(LEASE_EXPIRED,
            LEASE_EXPIRED_UNSENT, AttemptOutcome.UNKNOWN.name());

    private final OutboxSweeps sweeps;
    private final DispatchMetrics metrics;

    Sweeper(OutboxSweeps sweeps, DispatchMetrics metrics) {
        this.sweeps = sweeps;
        this.metrics = metrics;
    }

    /**
     * Runs the three sweeps, counting and logging what they did.
     *
     * @return true when a lost lease put messages back in the queue: the claim loop should look again at once
     */
    boolean sweep(Instant now, Duration unknownOutcomeWindow) {
        sweeps.expireOverdue(now, DispatchPolicy.EXPIRED_BEFORE_SENDING)
                .forEach(expired -> metrics.attempt(AttemptOutcome.EXPIRED));
        List<OutboxSweeps.Lost> lost = sweeps.expireLeases(now, LEASE_LOSS);
        List<UUID> unknown = lost.stream().filter(OutboxSweeps.Lost::postStarted).map(OutboxSweeps.Lost::id).toList();
        if (!unknown.isEmpty()) {
            unknown.forEach(id -> metrics.attempt(AttemptOutcome.UNKNOWN));
            log.warn("{} message(s) were SENDING past their lease with a POST under way and are now UNKNOWN (never"
                    + " re-sent): {}", unknown.size(), unknown.size() > 10 ? unknown.subList(0, 10) + "..." : unknown);
        }
        boolean requeued = unknown.size() < lost.size();
        if (requeued) {
            log.warn("{} message(s) were SENDING past their lease before any POST began and are queued again",
                    lost.size() - unknown.size());
        }
        List<OutboxSweeps.Ended> unsettled = sweeps.failUnsettled(now, now.minus(unknownOutcomeWindow),
                "outcome unknown: no session summary arrived within " + unknownOutcomeWindow);
        if (!unsettled.isEmpty()) {
            log.warn("{} UNKNOWN message(s) had no session summary within {} and are now FAILED",
                    unsettled.size(), unknownOutcomeWindow);
        }
        return requeued;
    }
}
