package com.example.voicegateway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What a start without the {@code sandbox} profile must be given: nothing fills these in, and the first call or webhook
 * would fail instead of the start. The sandbox profile generates them (sandbox.SandboxSecretsEnvironmentPostProcessor).
 * The webhook's Authorization is read as a key: its record belongs to the webhook feature.
 */
final class LiveSettings {

    static final String WEBHOOK_AUTHORIZATION = "gateway.webhook.authorization";
    /** Read as a key too: its record belongs to the suppression feature. */
    static final String SUPPRESSION_HASH_SECRET = "gateway.suppression.hash-secret";

    static final String HOW_TO_SANDBOX = "these are required to place real calls through 8x8; to run the built-in 8x8"
            + " sandbox instead (calls simulated, nothing sent), start with --spring.profiles.active=sandbox"
            + " (SPRING_PROFILES_ACTIVE=sandbox)";

    private LiveSettings() {
    }

    /**
     * Every missing live setting, each naming its key and environment variable; empty when all are there. A record
     * that did not bind (null) counts as empty.
     */
    static List<String> problems(EightByEightProperties eightbyeight, ClientPolicies clients,
            String webhookAuthorization, String suppressionHashSecret) {
        List<String> problems = new ArrayList<>();
        if (eightbyeight == null || isBlank(eightbyeight.apiKey())) {
            problems.add("gateway.eightbyeight.api-key (GATEWAY_EIGHTBYEIGHT_APIKEY) is not set");
        }
        if (eightbyeight == null || eightbyeight.baseUrl() == null) {
            problems.add("gateway.eightbyeight.base-url (GATEWAY_EIGHTBYEIGHT_BASEURL) is not set,"
                    + " e.g. https://voice.8x8.com");
        }
        if (eightbyeight == null || isBlank(eightbyeight.subaccountId())) {
            problems.add("gateway.eightbyeight.subaccount-id (GATEWAY_EIGHTBYEIGHT_SUBACCOUNTID) is not set");
        }
        if (clients == null || clients.apiKeys().isEmpty()) {
            // A generated key is a convenience for a first run in the sandbox; live clients get keys of their own.
            problems.add("gateway.api-keys.<client> (GATEWAY_APIKEYS_<CLIENT>) is not set; at least one client key"
                    + " is required");
        }
        if (isBlank(webhookAuthorization)) {
            problems.add(WEBHOOK_AUTHORIZATION + " (GATEWAY_WEBHOOK_AUTHORIZATION) is not set,"
                    + " e.g. 'Bearer <long random secret>'");
        }
        if (isBlank(suppressionHashSecret)) {
            // Changed later, every do-not-call entry whose number retention erased is forgotten: not a default.
            problems.add(SUPPRESSION_HASH_SECRET + " (GATEWAY_SUPPRESSION_HASHSECRET) is not set, e.g."
                    + " $(openssl rand -base64 32); keep it for good");
        }
        return problems;
    }

    /** The one line a live start without its settings stops with, or null when nothing is missing. */
    static String failure(EightByEightProperties eightbyeight, ClientPolicies clients, String webhookAuthorization,
            String suppressionHashSecret) {
        List<String> problems = problems(eightbyeight, clients, webhookAuthorization, suppressionHashSecret);
        return problems.isEmpty() ? null
                : "Invalid configuration: " + String.join("; ", problems) + " (" + HOW_TO_SANDBOX + ")";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
