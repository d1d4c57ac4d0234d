package com.example.voicegateway.config;

import com.example.voicegateway.schedule.Priority;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One client's policy ({@code gateway.clients.<name>.*}); the client's key stays in {@code gateway.api-keys.<name>}.
 * Features add their own per-client fields here.
 *
 * @param deliveryWindow the window for this client's messages that name none; unset: the global one, if any
 * @param priority       HIGH, NORMAL or LOW for this client's messages that name none; unset: NORMAL
 */
public record ClientProperties(DeliveryWindowProperties deliveryWindow, String priority) {

    /** A client nobody configured. */
    public static final ClientProperties DEFAULTS = new ClientProperties(null, null);

    /** The priority a message of this client gets when it names none. */
    public Priority defaultPriority() {
        return priority == null ? Priority.NORMAL : Priority.valueOf(priority.trim().toUpperCase(Locale.ROOT));
    }

    /** Format problems of this client's settings, each naming the setting; empty when all is well. */
    List<String> problems(String name) {
        String prefix = "gateway.clients." + name + ".";
        List<String> problems = new ArrayList<>();
        if (priority != null && Arrays.stream(Priority.values())
                .noneMatch(p -> p.name().equalsIgnoreCase(priority.trim()))) {
            problems.add(prefix + "priority must be HIGH, NORMAL or LOW, was '" + priority + "'");
        }
        if (deliveryWindow != null) {
            problems.addAll(deliveryWindow.problems(prefix + "delivery-window"));
        }
        return problems;
    }
}
