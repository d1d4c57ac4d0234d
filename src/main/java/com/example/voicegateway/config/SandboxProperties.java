package com.example.voicegateway.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in 8x8 emulator ({@code gateway.sandbox.*}).
 *
 * @param enabled            serve the 8x8 Callflows API emulator and point the gateway at it unless
 *                           {@code gateway.eightbyeight.base-url} is set; calls are then simulated, never placed
 * @param timeScale          factor applied to realistic ring and speaking times (1 = real time, 0.1 = ten times faster)
 * @param webhookUrl         where session summaries go; unset means this gateway's own webhook on its actual port
 * @param maxConcurrentCalls calls "on the line" at once; beyond it a call ends in ERROR -2010 like 8x8's trunk limit
 */
public record SandboxProperties(
        @DefaultValue("true") boolean enabled,
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("10.0") @DefaultValue("0.1") double timeScale,
        URI webhookUrl,
        @Min(1) @Max(100000) @DefaultValue("1000") int maxConcurrentCalls) {

    @ConstructorBinding
    public SandboxProperties {
    }

    /** Kept so code written against the first version of this record still compiles. */
    public SandboxProperties(boolean enabled) {
        this(enabled, 0.1, null, 1000);
    }
}
