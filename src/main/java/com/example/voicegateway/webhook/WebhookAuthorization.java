package com.example.voicegateway.webhook;

import org.springframework.stereotype.Component;

/**
 * The {@code Authorization} value a session summary must carry. The sandbox posts its summaries with it, exactly as
 * 8x8 does with the webhook's {@code httpAuthHeader}.
 */
@Component
public class WebhookAuthorization {

    private final String expected;
    private final String callAction;

    WebhookAuthorization(WebhookProperties properties) {
        this.expected = properties.authorization();
        this.callAction = properties.effectiveCallActionAuthorization();
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
