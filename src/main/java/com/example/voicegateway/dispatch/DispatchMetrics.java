package com.example.voicegateway.dispatch;

import com.example.voicegateway.message.DueQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Dispatch meters. The breaker's state comes from Resilience4j's own meters ({@code resilience4j.circuitbreaker.*}).
 * The queue gauges run one indexed query at most every few seconds, however often they are scraped.
 */
@Component
class DispatchMetrics {

    private static final Logger log = LoggerFactory.getLogger(DispatchMetrics.class);
    private static final Duration GAUGE_CACHE = Duration.ofSeconds(5);

    private final MeterRegistry meters;
    private final DueQueue queue;
    private final Clock clock;
    private volatile Instant statsAt = Instant.EPOCH;
    private volatile DueQueue.QueueStats stats = new DueQueue.QueueStats(0, null);

    DispatchMetrics(MeterRegistry meters, DueQueue queue, Clock clock) {
        this.meters = meters;
        this.queue = queue;
        this.clock = clock;
        Gauge.builder("voice_gateway.dispatch.queue.due", this, m -> m.stats().due())
                .description("Queued messages that are due for dispatch now")
                .register(meters);
        Gauge.builder("voice_gateway.dispatch.queue.oldest.age", this, DispatchMetrics::oldestAgeSeconds)
                .description("Age of the oldest due queued message")
                .baseUnit("seconds")
                .register(meters);
    }

    /** One callflow POST (or a decision about one), by what the gateway concluded. */
    void attempt(AttemptOutcome outcome) {
        Counter.builder("voice_gateway.dispatch.attempts")
                .description("Dispatch attempts by outcome")
                .tag("outcome", outcome.name())
                .register(meters)
                .increment();
    }

    void latency(AttemptOutcome outcome, long nanos) {
        Timer.builder("voice_gateway.eightbyeight.latency")
                .description("Time 8x8 took to answer a callflow POST")
                .tag("outcome", outcome.name())
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
    }


    private DueQueue.QueueStats stats() {
        Instant now = clock.instant();
        if (Duration.between(statsAt, now).compareTo(GAUGE_CACHE) >= 0) {
            statsAt = now;
            try {
                stats = queue.queueStats(now);
            } catch (RuntimeException e) {
                log.debug("Queue gauges not refreshed: {}", e.toString());
            }
        }
        return stats;
    }

    private double oldestAgeSeconds() {
        Instant oldest = stats().oldestPlannedAt();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }
}
