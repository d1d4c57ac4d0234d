package com.example.voicegateway.config;

/** Session-summary webhook settings ({@code gateway.webhook.*}); filled in by the webhook feature. */
public record WebhookProperties() {
}
