package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.EvidenceTimes;
import com.example.voicegateway.message.MessagesQueued;
import com.example.voicegateway.message.OutboxSweeps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What is settled every poll interval, for every instance's rows, through the ledger's {@link OutboxSweeps}: queued
 * messages past their validUntil, leases a dead or hung dispatcher left behind, and unknown outcomes no summary
 * settled in time. One instance at a time runs them, on instances where dispatch runs. This side words, counts and
 * logs what they did, and wakes the local dispatcher when messages are due again.
 */
@Component
@ConditionalOnBooleanProperty(name = "gateway.dispatch.enabled", matchIfMissing = true)
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
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration unknownOutcomeWindow;
    private volatile boolean failing;

    Sweeper(OutboxSweeps sweeps, DispatchMetrics metrics, ApplicationEventPublisher events, Clock clock) {
        this.sweeps = sweeps;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        this.unknownOutcomeWindow = EvidenceTimes.UNKNOWN_OUTCOME_WINDOW;
    }

    /** Every {@code gateway.dispatch.poll-interval}; a lease put back in the queue wakes the local claim loop. */
    // Short: an instance killed while holding it delays the lease sweep of the others by this much at most. Two sweeps
    // at once would only skip each other's rows (SKIP LOCKED).
    @Scheduled(fixedDelayString = "${gateway.dispatch.poll-interval:" + DispatchProperties.DEFAULT_POLL_INTERVAL + "}")
    @SchedulerLock(name = "outbox-sweeps", lockAtMostFor = "PT15S")
    public void scheduledSweep() {
        try {
            int requeued = sweep(clock.instant(), unknownOutcomeWindow);
            if (requeued > 0) {
                events.publishEvent(new MessagesQueued(requeued));
            }
            if (failing) {
                failing = false;
                log.info("Outbox sweeps work again");
            }
        } catch (RuntimeException e) {
            // The database is down or restarting: nothing is lost, the next run looks again. Once per outage.
            if (!failing) {
                failing = true;
                // The class only: a driver message can quote the row, phone numbers included.
                log.warn("Outbox sweeps failed, retrying every poll interval until they work: {}",
                        e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Runs the three sweeps, counting and logging what they did.
     *
     * @return how many messages a lost lease put back in the queue: the claim loop should look again at once
     */
    int sweep(Instant now, Duration unknownOutcomeWindow) {
        sweeps.expireOverdue(now, DispatchPolicy.EXPIRED_BEFORE_SENDING)
                .forEach(expired -> metrics.attempt(AttemptOutcome.EXPIRED));
        List<OutboxSweeps.Lost> lost = sweeps.expireLeases(now, LEASE_LOSS);
        List<UUID> unknown = lost.stream().filter(OutboxSweeps.Lost::postStarted).map(OutboxSweeps.Lost::id).toList();
        if (!unknown.isEmpty()) {
            unknown.forEach(id -> metrics.attempt(AttemptOutcome.UNKNOWN));
            log.warn("{} message(s) were SENDING past their lease with a POST under way and are now UNKNOWN (never"
                    + " re-sent): {}", unknown.size(), unknown.size() > 10 ? unknown.subList(0, 10) + "..." : unknown);
        }
        int requeued = lost.size() - unknown.size();
        if (requeued > 0) {
            log.warn("{} message(s) were SENDING past their lease before any POST began and are queued again",
                    requeued);
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
