package com.example.voicegateway.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dispatcher settings ({@code gateway.dispatch.*}). The circuit breaker, in-process retry and rate limiter are
 * Resilience4j's own {@code resilience4j.*} settings for the instance {@code eightByEight}.
 *
 * @param enabled              whether this instance sends messages at all
 * @param batchSize            messages claimed by one claim statement at most
 * @param poolSize             8x8 calls in flight at once; 8x8's latency divided by this caps throughput
 * @param lease                how long a claimed message may stay SENDING before it is declared UNKNOWN; must exceed
 *                             connect-timeout + read-timeout, or a slow but live call would be declared lost
 * @param pollInterval         the slow poll when no wake-up arrives, and how often the sweeps run
 * @param maxAttempts          callflow POSTs per message at most (in-process retries included), then FAILED
 * @param backoffBase          first durable retry delay, doubled per attempt
 * @param backoffMax           durable retry delay at most
 * @param backoffJitter        share of the delay that is random (0 = none, 1 = anywhere between 0 and the delay)
 * @param authFailureBackoff   pause after 8x8 refused our key or subaccount (401/403/404)
 * @param unknownOutcomeWindow how long an UNKNOWN message waits for its session summary before it is FAILED
 * @param shutdownTimeout      how long shutdown waits for in-flight calls to finish
 * @param summaryWindow        how long after validUntil a SUBMITTED call may wait for its session summary (or a log
 *                             export) before it is FAILED: the last resort when neither ever comes
 */
public record DispatchProperties(
        @DefaultValue("true") boolean enabled,
        @Min(1) @Max(1000) @DefaultValue("50") int batchSize,
        @Min(1) @Max(1024) @DefaultValue("64") int poolSize,
        @NotNull @DefaultValue("2m") Duration lease,
        @NotNull @DefaultValue("1s") Duration pollInterval,
        @Min(1) @Max(100) @DefaultValue("8") int maxAttempts,
        @NotNull @DefaultValue("5s") Duration backoffBase,
        @NotNull @DefaultValue("5m") Duration backoffMax,
        @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5") double backoffJitter,
        @NotNull @DefaultValue("1m") Duration authFailureBackoff,
        @NotNull @DefaultValue("1h") Duration unknownOutcomeWindow,
        @NotNull @DefaultValue("15s") Duration shutdownTimeout,
        @NotNull @DefaultValue("24h") Duration summaryWindow) {

    @AssertTrue(message = "lease, poll-interval, backoff-base, backoff-max, auth-failure-backoff,"
            + " unknown-outcome-window, shutdown-timeout and summary-window must be positive")
    public boolean isEveryDurationPositive() {
        return positive(lease) && positive(pollInterval) && positive(backoffBase) && positive(backoffMax)
                && positive(authFailureBackoff) && positive(unknownOutcomeWindow) && positive(shutdownTimeout)
                && positive(summaryWindow);
    }

    @AssertTrue(message = "backoff-max must not be less than backoff-base")
    public boolean isBackoffMaxAtLeastBase() {
        return backoffBase == null || backoffMax == null || backoffMax.compareTo(backoffBase) >= 0;
    }

    /**
     * The durable retry delay after {@code attemptsMade} POSTs: exponential from backoff-base, capped at backoff-max,
     * with the share {@code backoff-jitter} of it random (from {@code random}, 0 to 1) so retries do not bunch up.
     */
    public Duration backoff(int attemptsMade, double random) {
        long base = backoffBase.toMillis();
        long cap = backoffMax.toMillis();
        long delay = Math.min(cap, base << Math.min(20, Math.max(0, attemptsMade - 1)));
        double jitter = backoffJitter * random;
        return Duration.ofMillis(Math.max(1, Math.round(delay * (1 - jitter))));
    }

    private static boolean positive(Duration d) {
        return d == null || (!d.isNegative() && !d.isZero());
    }
}
