package com.example.voicegateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-client policy, {@code gateway.clients.<name>.*}; the client's key stays in {@code gateway.api-keys.<name>}.
 * Other features add their own fields here.
 *
 * @param maxMessagesPerMinute accepted messages per UTC minute, counted across instances; null: no quota
 * @param maxMessagesPerDay    accepted messages per UTC day, counted across instances; null: no quota
 * @param weight               the client's share of 8x8's rate when several clients have due messages
 */
public record ClientProperties(
        @Positive Long maxMessagesPerMinute,
        @Positive Long maxMessagesPerDay,
        @Min(1) @Max(1000) @DefaultValue("1") int weight) {

    /** A client without an entry of its own: no quota, weight 1. */
    public static final ClientProperties DEFAULTS = new ClientProperties(null, null, 1);

    public boolean hasQuota() {
        return maxMessagesPerMinute != null || maxMessagesPerDay != null;
    }
}
