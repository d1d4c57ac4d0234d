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
    private final String callAction;

    WebhookAuthorization(GatewayProperties properties) {
        this.expected = properties.webhook().authorization();
        this.callAction = properties.webhook().effectiveCallActionAuthorization();
    }

    /** The configured value; null when none is configured. */
    public String expectedValue() {
        return expected;
    }

    /** The value the Voice Call Action webhook must carry; null when none is configured. */
    public String callActionValue() {
        return callAction;
    }
}
