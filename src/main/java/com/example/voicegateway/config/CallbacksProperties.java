package com.example.voicegateway.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Status callback delivery ({@code gateway.callbacks.*}).
 *
 * @param enabled       whether this instance delivers callbacks (events are recorded either way)
 * @param allowHttp     accept plain {@code http} callback URLs; for the sandbox and tests, never for live receivers
 * @param timeout       connect plus response time one delivery may take, then it counts as failed
 * @param retrySchedule waits before the 2nd, 3rd, … delivery attempt; when it is used up the event is FAILED
 * @param pollInterval  how often due events are looked for when no local wake-up came
 * @param batchSize     events claimed by one claim statement at most
 * @param poolSize      deliveries in flight on this instance at once
 * @param maxPerHost    deliveries in flight to one receiving host at once, so a slow receiver holds only its share
 */
public record CallbacksProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean allowHttp,
        @NotNull @DefaultValue("5s") Duration timeout,
        @NotEmpty @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<@NotNull Duration> retrySchedule,
        @NotNull @DefaultValue("1s") Duration pollInterval,
        @Min(1) @Max(1000) @DefaultValue("50") int batchSize,
        @Min(1) @Max(1024) @DefaultValue("32") int poolSize,
        @Min(1) @Max(1024) @DefaultValue("4") int maxPerHost) {

    public CallbacksProperties {
        retrySchedule = retrySchedule == null ? List.of() : List.copyOf(retrySchedule);
    }

    @AssertTrue(message = "timeout, poll-interval and every retry-schedule entry must be positive")
    public boolean isEveryDurationPositive() {
        return positive(timeout) && positive(pollInterval) && retrySchedule.stream().allMatch(CallbacksProperties::positive);
    }

    @AssertTrue(message = "max-per-host must not exceed pool-size")
    public boolean isMaxPerHostWithinPool() {
        return maxPerHost <= poolSize;
    }

    private static boolean positive(Duration d) {
        return d == null || (!d.isNegative() && !d.isZero());
    }
}
