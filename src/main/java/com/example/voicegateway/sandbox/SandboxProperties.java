package com.example.voicegateway.sandbox;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The built-in 8x8 emulator ({@code gateway.sandbox.*}, advanced); a bean only with the {@code sandbox} profile, which
 * replaced {@code gateway.sandbox.enabled}. The start checks it whatever the profile (config.EarlySettingsCheck).
 *
 * @param timeScale  factor applied to realistic ring and speaking times (1 = real time, 0.1 = ten times faster)
 * @param webhookUrl where session summaries go; unset means this gateway's own webhook on its actual port
 */
@SandboxEnabled
@Validated
@ConfigurationProperties("gateway.sandbox")
record SandboxProperties(
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("10.0") @DefaultValue("0.1") double timeScale,
        URI webhookUrl) {

    /** Calls "on the line" at once; beyond it a call ends in ERROR -2010 like 8x8's trunk limit. */
    static final int MAX_CONCURRENT_CALLS = 1000;
}
