package com.example.voicegateway.dispatch;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A message this dispatcher holds the lease on, as the claim left it: {@code version} guards the outcome write,
 * {@code attempts} already counts the POST about to be made.
 */
record ClaimedMessage(
        UUID id,
        long version,
        int attempts,
        String destination,
        String source,
        String text,
        String audioUrl,
        String voiceProfile,
        int repetition,
        BigDecimal speed,
        Instant validUntil,
        Instant leaseUntil,
        Capture capture) {

    /** "Press a key to confirm" after the message; null when the message asks for no acknowledgement. */
    record Capture(String prompt, int timeoutMs, int tries) {
    }

    ClaimedMessage(UUID id, long version, int attempts, String destination, String source, String text,
            String audioUrl, String voiceProfile, int repetition, BigDecimal speed, Instant validUntil,
            Instant leaseUntil) {
        this(id, version, attempts, destination, source, text, audioUrl, voiceProfile, repetition, speed, validUntil,
                leaseUntil, null);
    }
}
