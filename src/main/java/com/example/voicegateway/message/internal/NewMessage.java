package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.SuppressionList;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A validated, normalised message ready to be stored: defaults applied, numbers in E.164. Whether its numbers are on
 * a do-not-call list is decided where it is stored ({@link IntakeWriter}, in the insert itself), from {@code keys};
 * {@link #afterIntake} is the message as that decided it.
 */
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
        /** null when no opt-out key was asked for */
        OptOut optOut,
        /** the numbers' keys on the do-not-call lists; null: matched by number only */
        Keys keys,
        /** true: a suppressed destination refuses the message (422) instead of storing it SUPPRESSED */
        boolean rejectIfSuppressed,
        /** set by intake: the list the destination was found on; null: it may be called */
        SuppressionList suppressedBy,
        /** set by intake: fallback numbers found on a list, left out of the plan */
        List<Skipped> skippedFallbacks,
        /** the broadcast it is one recipient of; null for a message of its own */
        UUID broadcastId,
        /** whether the request named its source; if not, each call goes out from its country's caller id */
        boolean sourceGiven) {

    /** The keys of the destination and of each fallback, in the plan's order. */
    record Keys(String destination, List<String> fallbacks) {

        Keys {
            fallbacks = List.copyOf(fallbacks);
        }
    }

    /** A fallback number intake found on a list: never called. */
    record Skipped(String destination, SuppressionList suppressedBy) {

        /** The stored form: {@code <list> <number>}. */
        String column() {
            return suppressedBy.name() + " " + destination;
        }

        /** Reads one stored entry; the number may be masked. */
        static Skipped of(String column) {
            String[] parts = column.strip().split(" ", 2);
            return new Skipped(parts[1], SuppressionList.valueOf(parts[0]));
        }
    }

    NewMessage {
        skippedFallbacks = skippedFallbacks == null ? List.of() : List.copyOf(skippedFallbacks);
    }

    /** A message as intake had it before do-not-call lists existed: no opt-out key, nothing looked up yet. */
    NewMessage(UUID id, String clientName, String idempotencyKey, String requestFingerprint, String destination,
            String source, String text, String audioUrl, String voiceProfile, int repetition, BigDecimal speed,
            Instant validUntil, String clientReference, Instant createdAt, RedialPlan redial, String callbackUrl,
            Acknowledge acknowledge, ScheduleResolver.Schedule schedule, UUID templateId, Integer templateVersion) {
        this(id, clientName, idempotencyKey, requestFingerprint, destination, source, text, audioUrl, voiceProfile,
                repetition, speed, validUntil, clientReference, createdAt, redial, callbackUrl, acknowledge, schedule,
                templateId, templateVersion, null, null, false, null, List.of(), null, true);
    }

    /**
     * This message as one recipient of a broadcast. A suppressed recipient is stored SUPPRESSED whatever the client's
     * on-suppressed says: the broadcast's rows were accepted together, and its counts report the suppressed ones.
     */
    NewMessage inBroadcast(UUID broadcast, String broadcastCallbackUrl, UUID messageId) {
        return new NewMessage(messageId, clientName, idempotencyKey, requestFingerprint, destination, source, text, audioUrl,
                voiceProfile, repetition, speed, validUntil, clientReference, createdAt, redial, broadcastCallbackUrl,
                acknowledge, schedule, templateId, templateVersion, optOut, keys, false, suppressedBy,
                skippedFallbacks, broadcast, sourceGiven);
    }

    /** True when the message may be called at once: it should wake the dispatcher. */
    boolean dueAtOnce() {
        return suppressedBy == null && !schedule.firstDueAt().isAfter(createdAt);
    }

    /** The stored plan's fallback keys, comma-separated in the fallbacks' order; null without keys or fallbacks. */
    String fallbackKeysColumn() {
        return keys == null || keys.fallbacks().isEmpty() ? null : String.join(",", keys.fallbacks());
    }

    /** The stored form of the skipped fallbacks; null for none. */
    String skippedFallbacksColumn() {
        return skippedFallbacks.isEmpty() ? null
                : String.join(",", skippedFallbacks.stream().map(Skipped::column).toList());
    }

    /**
     * The message as stored: the list its destination is on (null: none), and the plan without the fallbacks found
     * on a list, which are kept as {@code skipped}.
     */
    NewMessage afterIntake(SuppressionList suppressedBy, List<String> callableFallbacks, List<Skipped> skipped) {
        RedialPlan plan = new RedialPlan(redial.maxCalls(), redial.interval(), redial.on(), callableFallbacks);
        return new NewMessage(id, clientName, idempotencyKey, requestFingerprint, destination, source, text, audioUrl,
                voiceProfile, repetition, speed, validUntil, clientReference, createdAt, plan, callbackUrl, acknowledge,
                schedule, templateId, templateVersion, optOut, keys, rejectIfSuppressed, suppressedBy, skipped,
                broadcastId, sourceGiven);
    }
}
