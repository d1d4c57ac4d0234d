package com.example.voicegateway.message;

/**
 * The key a number is kept under on the do-not-call lists, so intake matches an entry whose number retention has
 * masked (it keeps only the key). Implemented by the suppression module, which holds the secret; without it intake
 * matches entries by their number alone.
 */
public interface SuppressionKeys {

    /** The key of a number in E.164, the same for every call with the same number and secret. */
    String keyOf(String e164);
}
