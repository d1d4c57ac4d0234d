package com.example.voicegateway.auth;

import com.example.voicegateway.config.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The configured keys, held only as SHA-256 digests. Every lookup compares against every key in constant time, so
 * neither the match position nor a partial match shows in the response time.
 */
@Component
class ApiKeyRegistry {

    static final String GENERATED_CLIENT = "default";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyRegistry.class);

    private record Entry(byte[] digest, Caller caller) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final String generatedKey;

    ApiKeyRegistry(GatewayProperties properties) {
        properties.apiKeys().forEach((name, key) -> add(name, key, new Caller(name, true, false)));
        properties.opsApiKeys().forEach((name, key) -> add(name, key, new Caller(name, false, true)));
        String generated = null;
        if (entries.isEmpty()) {
            generated = generateKey();
            add(GENERATED_CLIENT, generated, new Caller(GENERATED_CLIENT, true, true));
            // Shown once so a first run works; configuring any key under gateway.api-keys switches this off.
            log.warn("No API keys configured (gateway.api-keys.*): generated key for client '{}' with ops rights,"
                    + " valid until restart: {}", GENERATED_CLIENT, generated);
        }
        this.generatedKey = generated;
    }

    Optional<String> generatedKey() {
        return Optional.ofNullable(generatedKey);
    }

    Optional<Caller> find(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(presentedKey);
        Caller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), presented) && found == null) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    private void add(String name, String key, Caller caller) {
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("API key for '" + name + "' is empty");
        }
        entries.add(new Entry(sha256(key), caller));
    }

    private static String generateKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
