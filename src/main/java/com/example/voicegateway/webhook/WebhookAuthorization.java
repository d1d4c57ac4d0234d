package com.example.voicegateway.webhook;

import com.example.voicegateway.config.GatewayProperties;
import org.springframework.stereotype.Component;

/**
 * The {@code Authorization} value a session summary must carry. The sandbox posts its summaries with it, exactly as
 * 8x8 does with the webhook's {@code httpAuthHeader}.
 */
@Component
public class WebhookAuthorization {

    private final String expected;

    WebhookAuthorization(GatewayProperties properties) {
        this.expected = properties.webhook().authorization();
    }

    /** The configured value; null when none is configured. */
    public String expectedValue() {
        return expected;
    }
}
