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
        /** whether the request named its source; if not, each call goes out from its country's caller id */
        boolean sourceGiven) {

    /** True when the message may be called at once: it should wake the dispatcher. */
    boolean dueAtOnce() {
        return !schedule.firstDueAt().isAfter(createdAt);
    }
}
