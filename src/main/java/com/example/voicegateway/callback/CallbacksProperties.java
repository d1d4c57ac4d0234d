package com.example.voicegateway.callback;

import com.example.voicegateway.config.PositiveDuration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Status callback delivery ({@code gateway.callbacks.*}, advanced: tests and the sandbox shorten it); each client's
 * hosts, secret and default URL are {@code gateway.clients.<client>.callback-*} (config.ClientProperties).
 *
 * @param enabled       whether this instance delivers callbacks (events are recorded either way)
 * @param allowHttp     accept plain {@code http} callback URLs; for the sandbox and tests, never for live receivers
 * @param timeout       connect plus response time one delivery may take, then it counts as failed
 * @param retrySchedule waits before the 2nd, 3rd, … delivery attempt; when it is used up the event is FAILED
 * @param pollInterval  how often due events are looked for when no local wake-up came
 */
@Validated
@ConfigurationProperties("gateway.callbacks")
record CallbacksProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean allowHttp,
        @NotNull @PositiveDuration @DefaultValue("5s") Duration timeout,
        @NotEmpty @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"})
        List<@NotNull @PositiveDuration Duration> retrySchedule,
        @NotNull @PositiveDuration @DefaultValue("1s") Duration pollInterval) {

    /** Events claimed by one claim statement at most. */
    static final int BATCH_SIZE = 50;

    /** Deliveries in flight on this instance at once. */
    static final int POOL_SIZE = 32;

    /** Deliveries in flight to one receiving host at once, so a slow receiver holds only its share of the pool. */
    static final int MAX_PER_HOST = 4;

    CallbacksProperties {
        retrySchedule = retrySchedule == null ? List.of() : List.copyOf(retrySchedule);
    }
}
