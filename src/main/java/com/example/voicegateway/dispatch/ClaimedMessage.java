package com.example.voicegateway.dispatch;

import com.example.voicegateway.schedule.CallSchedule;
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
        CallSchedule schedule) {

    /** The same message as one call 8x8 must not start after {@code callValidUntil} (a window's close). */
    ClaimedMessage until(Instant callValidUntil) {
        return new ClaimedMessage(id, version, attempts, destination, source, text, audioUrl, voiceProfile, repetition,
                speed, callValidUntil, leaseUntil, schedule);
    }
}
