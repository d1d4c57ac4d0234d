package com.example.voicegateway.message.internal;

import com.example.voicegateway.config.PositiveDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Redial settings ({@code gateway.redial.*}, advanced: tests shorten it).
 *
 * @param minInterval the shortest {@code redial.interval} a client may ask for
 */
@Validated
@ConfigurationProperties("gateway.redial")
record RedialProperties(@NotNull @PositiveDuration @DefaultValue("1m") Duration minInterval) {

    /** The longest interval a client may ask for, whatever the settings. */
    static final Duration MAX_INTERVAL = Duration.ofHours(6);

    /** How many shortest intervals make the interval of a request that names none (5 m by default). */
    static final int DEFAULT_INTERVAL_FACTOR = 5;

    @AssertTrue(message = "min-interval must not be longer than 6h")
    public boolean isMinIntervalWithinMax() {
        return minInterval == null || minInterval.compareTo(MAX_INTERVAL) <= 0;
    }

    /** The interval when a request names none: 5 × min-interval, at most 6 h. */
    Duration defaultInterval() {
        Duration derived = minInterval.multipliedBy(DEFAULT_INTERVAL_FACTOR);
        return derived.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : derived;
    }
}
