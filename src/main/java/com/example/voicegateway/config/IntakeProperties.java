package com.example.voicegateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the intake's group commit: concurrent requests are inserted together in one statement, each still
 * durable before its 202.
 *
 * @param writerThreads statements in flight at once; more than one keeps the database busy while a batch commits
 * @param maxBatchSize  rows in one INSERT at most
 * @param storeTimeout  how long a request waits for a writer before it answers 503 with nothing stored
 * @param statementTimeout how long one INSERT may run; bounds the wait of a request whose row is being written
 */
public record IntakeProperties(
        @Min(1) @Max(16) @DefaultValue("2") int writerThreads,
        @Min(1) @Max(1000) @DefaultValue("128") int maxBatchSize,
        @NotNull @DefaultValue("10s") Duration storeTimeout,
        @NotNull @DefaultValue("5s") Duration statementTimeout) {
}
