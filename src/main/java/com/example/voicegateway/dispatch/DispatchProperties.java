package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.PositiveDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The dispatcher's own settings ({@code gateway.dispatch.*}); the retry policy under the same prefix is shared
 * (config.CallRetries), the lease and the shutdown wait follow from 8x8's timeouts (config.EightByEightProperties).
 *
 * @param enabled      whether this instance sends messages at all
 * @param poolSize     8x8 calls in flight at once; 8x8's latency divided by this caps throughput
 * @param pollInterval the slow poll when no wake-up arrives, and how often the outbox sweeps run
 */
@Validated
@ConfigurationProperties("gateway.dispatch")
record DispatchProperties(
        @DefaultValue("true") boolean enabled,
        @Min(1) @Max(1024) @DefaultValue("64") int poolSize,
        @NotNull @PositiveDuration @DefaultValue(DEFAULT_POLL_INTERVAL) Duration pollInterval) {

    /** The one default of poll-interval, also read by {@link Sweeper}'s schedule. */
    static final String DEFAULT_POLL_INTERVAL = "1s";

    /** Messages claimed by one claim statement at most. */
    static final int BATCH_SIZE = 50;
}
