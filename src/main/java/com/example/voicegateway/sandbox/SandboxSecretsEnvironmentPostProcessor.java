package com.example.voicegateway.sandbox;

import com.example.voicegateway.config.SandboxProfile;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With the {@code sandbox} profile, a first run needs no secrets: a missing 8x8 API key, webhook Authorization and
 * do-not-call key secret ({@code gateway.suppression.hash-secret}) are generated here (a missing default caller id gets {@link #SANDBOX_CALLER_ID}, so a first message needs no
 * {@code source}, and a missing subaccount the emulator's {@link #SANDBOX_SUBACCOUNT}), before the settings records
 * is bound, so the dispatcher, the webhook and the emulator all read the same values through the ordinary settings and
 * none of them needs to know it runs against a sandbox. Without the profile it does nothing: a live start must be
 * given every one of these (config.LiveSettings).
 */
class SandboxSecretsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "gatewaySandboxGeneratedSecrets";
    static final String API_KEY = "gateway.eightbyeight.api-key";
    static final String WEBHOOK_AUTHORIZATION = "gateway.webhook.authorization";
    static final String DEFAULT_SOURCE = "gateway.eightbyeight.default-source";
    static final String SUBACCOUNT_ID = "gateway.eightbyeight.subaccount-id";
    static final String SUPPRESSION_HASH_SECRET = "gateway.suppression.hash-secret";
    static final String SANDBOX_CALLER_ID = "+6568880000";
    static final String SANDBOX_SUBACCOUNT = "sandbox";

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!SandboxProfile.isActive(environment) || environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            return;
        }
        Binder binder = Binder.get(environment);
        Map<String, Object> generated = new HashMap<>();
        if (isBlank(binder.bind(API_KEY, String.class).orElse(null))) {
            generated.put(API_KEY, "sandbox-" + randomToken());
        }
        if (isBlank(binder.bind(WEBHOOK_AUTHORIZATION, String.class).orElse(null))) {
            generated.put(WEBHOOK_AUTHORIZATION, "Bearer " + randomToken());
        }
        if (isBlank(binder.bind(SUPPRESSION_HASH_SECRET, String.class).orElse(null))) {
            // Per start: a do-not-call entry still holding its number is found by it after a restart; one whose
            // number retention erased is not (set one to keep those too).
            generated.put(SUPPRESSION_HASH_SECRET, randomToken());
        }
        if (isBlank(binder.bind(DEFAULT_SOURCE, String.class).orElse(null))) {
            generated.put(DEFAULT_SOURCE, SANDBOX_CALLER_ID);
        }
        if (isBlank(binder.bind(SUBACCOUNT_ID, String.class).orElse(null))) {
            // application-sandbox.yml names it; this covers an empty environment variable (docker-compose.yml).
            generated.put(SUBACCOUNT_ID, SANDBOX_SUBACCOUNT);
        }
        if (!generated.isEmpty()) {
            // First, so a value configured as blank (an empty environment variable) does not shadow it; only
            // settings that were missing or blank are in here, so a configured value is never overridden.
            environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, generated));
        }
    }

    @Override
    public int getOrder() {
        // After application.yml, profiles and the environment have been loaded.
        return Ordered.LOWEST_PRECEDENCE;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
