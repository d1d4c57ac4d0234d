package com.example.voicegateway.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Whether this instance runs the retention sweeps ({@code gateway.retention.enabled}, advanced; any number of
 * instances may). How long data lives ({@code gateway.retention.personal-data}, {@code messages}) is shared with the
 * validities in config.LifetimeProperties.
 */
@Validated
@ConfigurationProperties("gateway.retention")
record RetentionProperties(@DefaultValue("true") boolean enabled) {

    /** How often the sweeps run, in minutes. */
    static final long INTERVAL_MINUTES = 10;

    /** Rows one transaction erases or deletes at most, so no sweep holds many row locks for long. */
    static final int BATCH_SIZE = 500;
}
