package com.example.voicegateway.auth;

import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.config.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The configured keys, held only as SHA-256 digests. A setting may give the key itself or its digest as
 * {@code {sha256}<64 hex>}, and several of either, comma-separated, so a key can be rotated without downtime. Every
 * lookup compares against every key in constant time, so neither the match position nor a partial match shows in the
 * response time.
 */
@Component
class ApiKeyRegistry {

    static final String GENERATED_CLIENT = "default";
    static final String HASH_PREFIX = "{sha256}";
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Logger log = LoggerFactory.getLogger(ApiKeyRegistry.class);

    private record Entry(byte[] digest, Caller caller, String setting) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final String generatedKey;

    ApiKeyRegistry(ClientPolicies properties) {
        List<String> problems = new ArrayList<>();
        addAll("gateway.api-keys.", properties.apiKeys(), true, false, problems);
        addAll("gateway.ops-api-keys.", properties.opsApiKeys(), false, true, problems);
        checkNoKeyIsShared(problems);
        if (!problems.isEmpty()) {
            // Names the setting, never the value: a typo'd key is still nearly a key.
            throw new InvalidSettingException("Invalid API keys: " + String.join("; ", problems));
        }
        String generated = null;
        if (entries.isEmpty()) {
            generated = generateKey();
            entries.add(new Entry(sha256(generated), new Caller(GENERATED_CLIENT, true, true), "generated"));
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

    private void addAll(String prefix, Map<String, String> settings, boolean client, boolean ops,
            List<String> problems) {
        settings.forEach((name, value) -> {
            String setting = prefix + name;
            if (value == null || value.isBlank()) {
                problems.add(setting + " is empty");
                return;
            }
            String[] keys = value.split(",", -1);
            for (int i = 0; i < keys.length; i++) {
                String key = keys[i].strip();
                String where = keys.length == 1 ? setting : setting + " (entry " + (i + 1) + " of " + keys.length + ")";
                if (key.isEmpty()) {
                    problems.add(where + " is empty");
                } else if (key.startsWith(HASH_PREFIX)) {
                    String hex = key.substring(HASH_PREFIX.length());
                    if (HEX_DIGEST.matcher(hex).matches()) {
                        entries.add(new Entry(HexFormat.of().parseHex(hex), new Caller(name, client, ops), setting));
                    } else {
                        problems.add(where + " starts with " + HASH_PREFIX + " but is not followed by 64 hex digits");
                    }
                } else {
                    entries.add(new Entry(sha256(key), new Caller(name, client, ops), setting));
                }
            }
        });
    }

    /** One key for two names would make the caller depend on the order of settings. */
    private void checkNoKeyIsShared(List<String> problems) {
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                Entry a = entries.get(i);
                Entry b = entries.get(j);
                if (MessageDigest.isEqual(a.digest(), b.digest())) {
                    problems.add(a.setting().equals(b.setting()) ? a.setting() + " lists the same key twice"
                            : a.setting() + " and " + b.setting() + " hold the same key");
                }
            }
        }
    }

    private static String generateKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
