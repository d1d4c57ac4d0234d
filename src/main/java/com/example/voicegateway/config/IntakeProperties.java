package com.example.voicegateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the intake's group commit: concurrent requests are inserted together in one statement, each still
 * durable before its 202.
 *
 * @param writerThreads statements in flight at once; more than one keeps the database busy while a batch commits
 * @param maxBatchSize  rows in one INSERT at most
 */
public record IntakeProperties(
        @Min(1) @Max(16) @DefaultValue("2") int writerThreads,
        @Min(1) @Max(1000) @DefaultValue("128") int maxBatchSize) {
}
