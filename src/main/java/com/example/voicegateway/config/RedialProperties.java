package com.example.voicegateway.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Redial settings ({@code gateway.redial.*}).
 *
 * @param minInterval     the shortest {@code redial.interval} a client may ask for
 * @param defaultInterval the interval when a request names none
 */
public record RedialProperties(
        @NotNull @DefaultValue("1m") Duration minInterval,
        @NotNull @DefaultValue("5m") Duration defaultInterval) {

    /** The longest interval a client may ask for, whatever the settings. */
    public static final Duration MAX_INTERVAL = Duration.ofHours(6);

    @AssertTrue(message = "min-interval must be positive and default-interval between min-interval and 6h")
    public boolean isIntervalsConsistent() {
        if (minInterval == null || defaultInterval == null) {
            return true;
        }
        return !minInterval.isNegative() && !minInterval.isZero() && defaultInterval.compareTo(minInterval) >= 0
                && defaultInterval.compareTo(MAX_INTERVAL) <= 0;
    }
}
