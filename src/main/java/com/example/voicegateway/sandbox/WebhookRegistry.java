package com.example.voicegateway.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The webhooks "8x8" has registered for the subaccount, one per type as at 8x8. Calls use what is registered here,
 * not the gateway's settings: a VCA or VSS webhook deleted through the API is gone for the emulator too.
 */
@Component
@SandboxEnabled
class WebhookRegistry {

    /** The types 8x8's create-webhook accepts. */
    static final List<String> TYPES = List.of("VCA", "VSS", "VCS", "VRU", "VNU");

    record Webhook(String type, String url, String httpAuthHeader, boolean enabled) {
    }

    private final Map<String, Webhook> byType = new ConcurrentHashMap<>();

    void register(Webhook webhook) {
        byType.put(webhook.type(), webhook);
    }

    Optional<Webhook> remove(String type) {
        return Optional.ofNullable(byType.remove(type));
    }

    /** The enabled webhook of this type, if any: a disabled one is not called. */
    Optional<Webhook> active(String type) {
        return Optional.ofNullable(byType.get(type)).filter(Webhook::enabled);
    }

    List<Webhook> all() {
        return TYPES.stream().map(byType::get).filter(java.util.Objects::nonNull).toList();
    }
}
