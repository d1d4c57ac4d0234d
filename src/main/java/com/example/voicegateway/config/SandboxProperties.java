package com.example.voicegateway.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in 8x8 emulator ({@code gateway.sandbox.*}); it runs only with the {@code sandbox} profile
 * ({@link SandboxProfile}), which replaced {@code gateway.sandbox.enabled}.
 *
 * @param timeScale          factor applied to realistic ring and speaking times (1 = real time, 0.1 = ten times faster)
 * @param webhookUrl         where session summaries go; unset means this gateway's own webhook on its actual port
 * @param maxConcurrentCalls calls "on the line" at once; beyond it a call ends in ERROR -2010 like 8x8's trunk limit
 */
public record SandboxProperties(
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("10.0") @DefaultValue("0.1") double timeScale,
        URI webhookUrl,
        @Min(1) @Max(100000) @DefaultValue("1000") int maxConcurrentCalls) {
}
