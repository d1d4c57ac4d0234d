package com.example.voicegateway.callback;

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
 * Callback meters: attempts by outcome, the receivers' latency, and the backlog. The backlog gauges run one indexed
 * query at most every few seconds, however often they are scraped.
 */
@Component
class CallbackMetrics {

    private static final Logger log = LoggerFactory.getLogger(CallbackMetrics.class);
    private static final Duration GAUGE_CACHE = Duration.ofSeconds(5);

    private final MeterRegistry meters;
    private final CallbackStore store;
    private final Clock clock;
    private volatile Instant statsAt = Instant.EPOCH;
    private volatile CallbackStore.PendingStats stats = new CallbackStore.PendingStats(0, null);

    CallbackMetrics(MeterRegistry meters, CallbackStore store, Clock clock) {
        this.meters = meters;
        this.store = store;
        this.clock = clock;
        Gauge.builder("voice_gateway.callbacks.pending", this, m -> m.stats().pending())
                .description("Callback events not yet delivered nor given up")
                .register(meters);
        Gauge.builder("voice_gateway.callbacks.pending.oldest.age", this, CallbackMetrics::oldestAgeSeconds)
                .description("Age of the oldest callback event not yet delivered nor given up")
                .baseUnit("seconds")
                .register(meters);
    }

    /**
     * One attempt, by outcome: delivered, retry (will be tried again), failed (given up: schedule used up, 410 Gone
     * or not allowed any more), error (our own bookkeeping failed; the lease brings it back).
     */
    void attempt(String outcome, long nanos) {
        Counter.builder("voice_gateway.callbacks.deliveries")
                .description("Callback delivery attempts by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
        Timer.builder("voice_gateway.callbacks.latency")
                .description("Time a receiver took to answer a callback (or to fail)")
                .tag("outcome", outcome)
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private CallbackStore.PendingStats stats() {
        Instant now = clock.instant();
        if (Duration.between(statsAt, now).compareTo(GAUGE_CACHE) >= 0) {
            statsAt = now;
            try {
                stats = store.pendingStats();
            } catch (RuntimeException e) {
                log.debug("Callback gauges not refreshed: {}", e.toString());
            }
        }
        return stats;
    }

    private double oldestAgeSeconds() {
        Instant oldest = stats().oldestCreatedAt();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }
}
