package com.example.voicegateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the gateway keeps what it stores about people ({@code gateway.retention.*}).
 *
 * @param enabled      whether this instance runs the retention sweeps (any number of instances may)
 * @param personalData age (since creation) after which a done message's text, audio URL, acknowledge prompt and
 *                     thanks, numbers, client reference, Idempotency-Key and callback URL are erased, and the numbers
 *                     in everything it owns are masked (docs/security.md, "Personal data: what and where")
 * @param messages     age after which a done message is deleted with everything attached to it
 * @param interval     how often the sweeps run
 * @param batchSize    rows one transaction erases or deletes at most, so no sweep holds many row locks for long
 */
public record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("30d") Duration personalData,
        @NotNull @DefaultValue("400d") Duration messages,
        @NotNull @DefaultValue("10m") Duration interval,
        @Min(1) @Max(10000) @DefaultValue("500") int batchSize) {
}
