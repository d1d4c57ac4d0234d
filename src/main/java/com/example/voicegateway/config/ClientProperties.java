package com.example.voicegateway.config;

import com.example.voicegateway.schedule.Priority;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-client policy, {@code gateway.clients.<name>.*}; the client's key stays in {@code gateway.api-keys.<name>}.
 * Other features add their own fields here.
 *
 * @param maxMessagesPerMinute accepted messages per UTC minute, counted across instances; null: no quota
 * @param maxMessagesPerDay    accepted messages per UTC day, counted across instances; null: no quota
 * @param weight               the client's share of 8x8's rate when several clients have due messages
 * @param deliveryWindow       the window for this client's messages that name none; unset: the global one, if any
 * @param priority             HIGH, NORMAL or LOW for this client's messages that name none; unset: NORMAL
 */
public record ClientProperties(
        @Positive Long maxMessagesPerMinute,
        @Positive Long maxMessagesPerDay,
        @Min(1) @Max(1000) @DefaultValue("1") int weight,
        DeliveryWindowProperties deliveryWindow,
        String priority) {

    /** A client without an entry of its own: no quota, weight 1, the global window, NORMAL. */
    public static final ClientProperties DEFAULTS = new ClientProperties(null, null, 1, null, null);

    public boolean hasQuota() {
        return maxMessagesPerMinute != null || maxMessagesPerDay != null;
    }

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
