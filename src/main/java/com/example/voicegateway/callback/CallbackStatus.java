package com.example.voicegateway.callback;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A callback event's delivery: PENDING until a 2xx (DELIVERED) or until it is given up (FAILED); ops may queue a
 * FAILED one again. Every move is listed here; {@link CallbackStore}'s SQL takes its guards from this table.
 */
enum CallbackStatus {
    PENDING,
    DELIVERED,
    FAILED;

    Set<CallbackStatus> allowedNext() {
        return switch (this) {
            // PENDING to PENDING: a failed attempt with a retry ahead of it.
            case PENDING -> EnumSet.of(PENDING, DELIVERED, FAILED);
            case FAILED -> EnumSet.of(PENDING);
            case DELIVERED -> EnumSet.noneOf(CallbackStatus.class);
        };
    }

    boolean canMoveTo(CallbackStatus next) {
        return allowedNext().contains(next);
    }

    /** The statuses that may move to every one of {@code targets}, as an SQL list such as {@code ('PENDING')}. */
    static String sqlFrom(CallbackStatus... targets) {
        return Arrays.stream(values())
                .filter(from -> Arrays.stream(targets).allMatch(from::canMoveTo))
                .map(from -> "'" + from.name() + "'")
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
