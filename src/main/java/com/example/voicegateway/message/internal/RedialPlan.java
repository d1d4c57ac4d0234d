package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.CallStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a client asked for beyond one call: up to {@code maxCalls} calls to the destination, {@code interval} apart,
 * after an outcome in {@code on}; then one call to each fallback number, in order.
 */
public record RedialPlan(int maxCalls, Duration interval, Set<CallStatus> on, List<String> fallbackDestinations) {

    public RedialPlan {
        on = on.isEmpty() ? EnumSet.noneOf(CallStatus.class) : EnumSet.copyOf(on);
        fallbackDestinations = List.copyOf(fallbackDestinations);
    }

    /** The stored form of {@code on}: names, comma-separated, in enum order. */
    public String onColumn() {
        return on.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    /** The stored form of the fallbacks: E.164 numbers (no commas in them), comma-separated, or null for none. */
    public String fallbacksColumn() {
        return fallbackDestinations.isEmpty() ? null : String.join(",", fallbackDestinations);
    }

    public static RedialPlan fromColumns(int maxCalls, long intervalMillis, String on, String fallbacks) {
        Set<CallStatus> outcomes = EnumSet.noneOf(CallStatus.class);
        if (on != null && !on.isBlank()) {
            Arrays.stream(on.split(",")).map(String::trim).map(CallStatus::valueOf).forEach(outcomes::add);
        }
        List<String> numbers = fallbacks == null || fallbacks.isBlank() ? List.of()
                : Arrays.stream(fallbacks.split(",")).map(String::trim).toList();
        return new RedialPlan(maxCalls, Duration.ofMillis(intervalMillis), outcomes, numbers);
    }
}
