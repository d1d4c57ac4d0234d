package com.example.voicegateway.config;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Session-summary webhook settings ({@code gateway.webhook.*}).
 *
 * @param authorization      the exact {@code Authorization} value 8x8 sends (the webhook's {@code httpAuthHeader})
 * @param publicUrl          where 8x8 reaches {@code /webhooks/8x8/voice-session-summary}; registered with 8x8
 * @param allowedIps         addresses or CIDR ranges summaries may come from (IPv4, IPv6, or IPv4-mapped IPv6 such
 *                           as {@code ::ffff:10.0.0.0/104}); empty: any address
 * @param trustedProxies     addresses or CIDR ranges of our own proxies, whose {@code X-Forwarded-For} is believed
 * @param linkSweepInterval  how often summaries that arrived before their message's sessionId are linked again
 */
public record WebhookProperties(
        String authorization,
        URI publicUrl,
        List<String> allowedIps,
        List<String> trustedProxies,
        @NotNull @DefaultValue("30s") Duration linkSweepInterval) {

    public WebhookProperties {
        allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    @Override
    public String toString() {
        return "WebhookProperties[authorization=" + (authorization == null ? "<unset>" : "<hidden>") + ", publicUrl="
                + publicUrl + ", allowedIps=" + allowedIps + ", trustedProxies=" + trustedProxies + "]";
    }
}
