package com.example.voicegateway.message.internal;

import com.example.voicegateway.config.PositiveDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The intake's group commit ({@code gateway.intake.*}, advanced): concurrent requests are inserted together in one
 * statement, each still durable before its 202.
 *
 * @param writerThreads    statements in flight at once; more than one keeps the database busy while a batch commits
 *                         (settable so a test can hold the only writer)
 * @param storeTimeout     how long a request waits for a writer before it answers 503 with nothing stored
 * @param statementTimeout how long one INSERT may run; bounds the wait of a request whose row is being written
 */
@Validated
@ConfigurationProperties("gateway.intake")
record IntakeProperties(
        @Min(1) @Max(16) @DefaultValue("2") int writerThreads,
        @NotNull @PositiveDuration @DefaultValue("10s") Duration storeTimeout,
        @NotNull @PositiveDuration @DefaultValue("5s") Duration statementTimeout) {

    /** Rows in one INSERT at most. */
    static final int MAX_BATCH_SIZE = 128;
}
