package com.example.voicegateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code gateway.*} setting, bound once and validated at start-up so a bad value stops the service
 * with a message naming it instead of failing on the first request.
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(
        Map<String, String> apiKeys,
        Map<String, String> opsApiKeys,
        @NotNull @DefaultValue("1h") Duration defaultValidity,
        @NotNull @DefaultValue("24h") Duration maxValidity,
        @Valid @NotNull @DefaultValue EightByEightProperties eightbyeight,
        @Valid @NotNull @DefaultValue IntakeProperties intake,
        @Valid @NotNull @DefaultValue DispatchProperties dispatch,
        @Valid @NotNull @DefaultValue WebhookProperties webhook,
        @Valid @NotNull @DefaultValue SandboxProperties sandbox) {

    public GatewayProperties {
        apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
        opsApiKeys = opsApiKeys == null ? Map.of() : Map.copyOf(opsApiKeys);
    }
}
