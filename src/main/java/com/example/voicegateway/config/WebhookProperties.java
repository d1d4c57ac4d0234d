package com.example.voicegateway.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Session-summary webhook settings ({@code gateway.webhook.*}).
 *
 * @param authorization      the exact {@code Authorization} value 8x8 sends (the webhook's {@code httpAuthHeader})
 * @param publicUrl          where 8x8 reaches {@code /webhooks/8x8/voice-session-summary}; registered with 8x8
 * @param allowedIps         addresses or CIDR ranges summaries may come from; empty: any address
 * @param trustedProxies     addresses or CIDR ranges of our own proxies, whose {@code X-Forwarded-For} is believed
 * @param linkSweepInterval  how often summaries that arrived before their message's sessionId are linked again
 */
public record WebhookProperties(
        String authorization,
        URI publicUrl,
        List<@Pattern(regexp = "^[0-9A-Fa-f:.]+(/\\d{1,3})?$", message = "must be an IP address or CIDR range") String> allowedIps,
        List<@Pattern(regexp = "^[0-9A-Fa-f:.]+(/\\d{1,3})?$", message = "must be an IP address or CIDR range") String> trustedProxies,
        @NotNull @DefaultValue("30s") Duration linkSweepInterval) {

    public WebhookProperties {
        allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        if (linkSweepInterval != null && (linkSweepInterval.isNegative() || linkSweepInterval.isZero())) {
            throw new IllegalArgumentException("gateway.webhook.link-sweep-interval must be positive");
        }
    }

    @Override
    public String toString() {
        return "WebhookProperties[authorization=" + (authorization == null ? "<unset>" : "<hidden>") + ", publicUrl="
                + publicUrl + ", allowedIps=" + allowedIps + ", trustedProxies=" + trustedProxies + "]";
    }
}
