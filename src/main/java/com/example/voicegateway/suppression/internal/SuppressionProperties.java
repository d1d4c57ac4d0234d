package com.example.voicegateway.suppression.internal;

import jakarta.validation.constraints.AssertTrue;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.suppression.*}: the secret the do-not-call lists key their numbers with. Required without the sandbox
 * profile (config.LiveSettings), generated with it (sandbox.SandboxSecretsEnvironmentPostProcessor).
 *
 * @param hashSecret the HMAC-SHA256 key of every entry's number; an entry whose number retention erased is found by
 *                   this key alone, so changing the secret forgets those entries (the others are still found by
 *                   number)
 */
@Validated
@ConfigurationProperties("gateway.suppression")
public record SuppressionProperties(String hashSecret) {

    /** Shorter secrets could be guessed along with the numbers: phone numbers are few. */
    static final int MIN_SECRET_LENGTH = 32;

    public SuppressionProperties {
        hashSecret = hashSecret == null || hashSecret.isBlank() ? null : hashSecret.strip();
    }

    @AssertTrue(message = "hash-secret must be at least 32 characters, e.g. openssl rand -base64 32")
    public boolean isHashSecretLongEnough() {
        return hashSecret == null || hashSecret.length() >= MIN_SECRET_LENGTH;
    }

    @Override
    public String toString() {
        return "SuppressionProperties[hashSecret=" + (hashSecret == null ? "<unset>" : "<hidden>") + "]";
    }
}
