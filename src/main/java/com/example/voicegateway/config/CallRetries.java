package com.example.voicegateway.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often and how late a call is tried again ({@code gateway.dispatch.max-attempts}, {@code backoff-base},
 * {@code backoff-max}); shared, because dispatch, the settlement of a call (message) and reconciliation all decide
 * whether another attempt is due. The rest of {@code gateway.dispatch.*} is dispatch's own.
 *
 * @param maxAttempts callflow POSTs per message at most (in-process retries included), then FAILED
 * @param backoffBase first durable retry delay, doubled per attempt
 * @param backoffMax  durable retry delay at most
 */
@Validated
@ConfigurationProperties("gateway.dispatch")
public record CallRetries(
        @Min(1) @Max(100) @DefaultValue("8") int maxAttempts,
        @NotNull @PositiveDuration @DefaultValue("5s") Duration backoffBase,
        @NotNull @PositiveDuration @DefaultValue("5m") Duration backoffMax) {

    /** The share of a retry delay that is random (0 = none, 1 = anywhere between 0 and the delay). */
    public static final double BACKOFF_JITTER = 0.5;

    /** The pause after 8x8 refused our key or subaccount (401/403/404) relative to the longest retry delay. */
    static final int AUTH_FAILURE_BACKOFF_DIVISOR = 5;

    @AssertTrue(message = "backoff-max must not be less than backoff-base")
    public boolean isBackoffMaxAtLeastBase() {
        return backoffBase == null || backoffMax == null || backoffMax.compareTo(backoffBase) >= 0;
    }

    /**
     * The durable retry delay after {@code attemptsMade} POSTs: exponential from backoff-base, capped at backoff-max,
     * with the share {@link #BACKOFF_JITTER} of it random (from {@code random}, 0 to 1) so retries do not bunch up.
     */
    public Duration backoff(int attemptsMade, double random) {
        long base = backoffBase.toMillis();
        long cap = backoffMax.toMillis();
        long delay = Math.min(cap, base << Math.min(20, Math.max(0, attemptsMade - 1)));
        double jitter = BACKOFF_JITTER * random;
        return Duration.ofMillis(Math.max(1, Math.round(delay * (1 - jitter))));
    }

    /** The pause after 8x8 refused our key or subaccount: backoff-max / 5 (1 m by default). */
    public Duration authFailureBackoff() {
        return backoffMax.dividedBy(AUTH_FAILURE_BACKOFF_DIVISOR);
    }
}
