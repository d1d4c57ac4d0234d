package com.example.voicegateway.config;

/**
 * Session-summary webhook settings ({@code gateway.webhook.*}).
 *
 * @param authorization the exact {@code Authorization} value 8x8 sends (the webhook's {@code httpAuthHeader})
 */
public record WebhookProperties(String authorization) {

    @Override
    public String toString() {
        return "WebhookProperties[authorization=" + (authorization == null ? "<unset>" : "<hidden>") + "]";
    }
}
