package com.example.voicegateway.auth;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Ops keys for sign-ins that do not send {@code X-API-Key} on every request (the console's form login). The same
 * registry, hashes and constant-time comparison as the API; a client key never passes.
 */
@Component
public class OpsKeys {

    private final ApiKeyRegistry registry;

    OpsKeys(ApiKeyRegistry registry) {
        this.registry = registry;
    }

    /** The ops key's configured name, when {@code presentedKey} is an ops key. */
    public Optional<String> nameOf(String presentedKey) {
        return registry.find(presentedKey).filter(Caller::ops).map(Caller::name);
    }
}
