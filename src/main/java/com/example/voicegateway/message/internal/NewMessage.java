package com.example.voicegateway.message.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A validated, normalised message ready to be stored: defaults applied, numbers in E.164. */
record NewMessage(
        UUID id,
        String clientName,
        String idempotencyKey,
        String requestFingerprint,
        String destination,
        String source,
        String text,
        String audioUrl,
        String voiceProfile,
        int repetition,
        BigDecimal speed,
        Instant validUntil,
        String clientReference,
        Instant createdAt,
        RedialPlan redial,
        String callbackUrl,
        /** null when no acknowledgement was asked for */
        Acknowledge acknowledge,
        ScheduleResolver.Schedule schedule,
        /** the template the text was rendered from, with its version; both null for a text or audio message */
        UUID templateId,
        Integer templateVersion,
        /** the broadcast it is one recipient of; null for a message of its own */
        UUID broadcastId) {

    /** This message as one recipient of a broadcast. */
    NewMessage inBroadcast(UUID broadcast, String broadcastCallbackUrl) {
        return new NewMessage(id, clientName, idempotencyKey, requestFingerprint, destination, source, text, audioUrl,
                voiceProfile, repetition, speed, validUntil, clientReference, createdAt, redial, broadcastCallbackUrl,
                acknowledge, schedule, templateId, templateVersion, broadcast);
    }

    /** True when the message may be called at once: it should wake the dispatcher. */
    boolean dueAtOnce() {
        return !schedule.firstDueAt().isAfter(createdAt);
    }
}
