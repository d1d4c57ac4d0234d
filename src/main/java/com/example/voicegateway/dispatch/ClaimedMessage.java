package com.example.voicegateway.dispatch;

import com.example.voicegateway.message.CallKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A message this dispatcher holds the lease on, with the call it is to place, as the claim left it:
 * {@code version} guards the outcome write, {@code attempts} already counts the POST about to be made (within the
 * call's attempt budget), {@code destination} and {@code clientRequestId} are the call's.
 */
record ClaimedMessage(
        UUID id,
        long version,
        int attempts,
        int callNumber,
        CallKind kind,
        String clientRequestId,
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

    /** A claim of a message that asks for no acknowledgement. */
    ClaimedMessage(UUID id, long version, int attempts, int callNumber, CallKind kind, String clientRequestId,
            String destination, String source, String text, String audioUrl, String voiceProfile, int repetition,
            BigDecimal speed, Instant validUntil, Instant leaseUntil) {
        this(id, version, attempts, callNumber, kind, clientRequestId, destination, source, text, audioUrl,
                voiceProfile, repetition, speed, validUntil, leaseUntil, null);
    }

    /** The same claim after a write of ours bumped the row's version (the POST-start mark). */
    ClaimedMessage withVersion(long newVersion) {
        return new ClaimedMessage(id, newVersion, attempts, callNumber, kind, clientRequestId, destination, source, text,
                audioUrl, voiceProfile, repetition, speed, validUntil, leaseUntil, capture);
    }
}
