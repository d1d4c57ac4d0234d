package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.AcknowledgementView;
import com.example.voicegateway.message.AttemptView;
import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.CallSummaryView;
import com.example.voicegateway.message.CallbackView;
import com.example.voicegateway.message.CapacityLookup;
import com.example.voicegateway.message.Cost;
import com.example.voicegateway.message.MessageCost;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.SuppressionList;
import com.example.voicegateway.schedule.DeliveryWindow;
import com.example.voicegateway.schedule.Priority;
import com.example.voicegateway.schedule.WaitingFor;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What clients and ops see of a message. Absent values are left out rather than shown as null. The top-level
 * {@code sessionId} and {@code summary} are the latest call's, so clients written for one call per message keep
 * working. After
 * {@code personalDataErasedAt} the numbers are masked and the text, audio URL, client reference, acknowledge prompt
 * and thanks and callback URL gone for good.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@io.swagger.v3.oas.annotations.media.Schema(requiredProperties = {"id", "status", "destination", "repetition",
        "clientName", "createdAt", "updatedAt", "priority"})
record VoiceMessageView(
        UUID id,
        MessageStatus status,
        String destination,
        String source,
        String text,
        String audioUrl,
        String voiceProfile,
        int repetition,
        BigDecimal speed,
        Instant validUntil,
        String clientReference,
        Acknowledge acknowledge,
        String clientName,
        RedialView redial,
        List<String> fallbackDestinations,
        Instant createdAt,
        Instant updatedAt,
        List<CallView> calls,
        List<AttemptView> attempts,
        Instant nextAttemptAt,
        String lastError,
        String sessionId,
        String callFlowRequestId,
        Integer statusCode,
        String statusMessage,
        CallSummaryView summary,
        String callbackUrl,
        List<CallbackView> callbacks,
        String settledBy,
        @io.swagger.v3.oas.annotations.media.Schema(description = "What the calls cost together, from 8x8's log export;"
                + " absent until an export priced a call, and when the calls were billed in more than one currency"
                + " (each call's cost then says)")
        Cost cost,
        Instant personalDataErasedAt,
        AcknowledgementView acknowledgement,
        Instant sendAt,
        WindowView deliveryWindow,
        Priority priority,
        WaitingFor waitingFor,
        @io.swagger.v3.oas.annotations.media.Schema(description = "The template text was rendered from, with its"
                + " version; absent for a message sent with text or audioUrl")
        TemplateRef template,
        @io.swagger.v3.oas.annotations.media.Schema(description = "With status SUPPRESSED: the do-not-call list the"
                + " number was on, CLIENT (yours) or GLOBAL (ops')")
        SuppressionList suppressedBy,
        @io.swagger.v3.oas.annotations.media.Schema(description = "Fallback numbers that were on a do-not-call list"
                + " when the message was accepted: left out of fallbackDestinations and never called")
        List<SkippedFallback> skippedFallbacks,
        @io.swagger.v3.oas.annotations.media.Schema(description = "The opt-out key asked for, the sentence that"
                + " names it and the confirmation; a call's optedOutAt says when it was pressed")
        OptOut optOut) {

    /** A fallback number never called: it was on a do-not-call list at intake. */
    @io.swagger.v3.oas.annotations.media.Schema(requiredProperties = {"destination", "suppressedBy"})
    record SkippedFallback(String destination, SuppressionList suppressedBy) {
        static List<SkippedFallback> of(List<NewMessage.Skipped> skipped) {
            return skipped.isEmpty() ? null
                    : skipped.stream().map(s -> new SkippedFallback(s.destination(), s.suppressedBy())).toList();
        }
    }

    /** Which template, and which version of it, a message's text was rendered from. */
    @io.swagger.v3.oas.annotations.media.Schema(requiredProperties = {"id", "version"})
    record TemplateRef(UUID id, int version) {
        static TemplateRef of(UUID id, Integer version) {
            return id == null || version == null ? null : new TemplateRef(id, version);
        }
    }

    /** The window a message is called in, its zone resolved. */
    record WindowView(String from, String to, List<String> days, String timeZone) {
        static WindowView of(DeliveryWindow window) {
            return window == null ? null : new WindowView(window.from().toString(), window.to().toString(),
                    window.days().stream().map(DeliveryWindow::dayName).toList(), window.zone().getId());
        }
    }

    /**
     * Only while the wait lasts. A due message waits for 8x8's limits only while the dispatchers are holding due
     * messages back for them ({@link CapacityLookup}); otherwise for nothing but a dispatcher, which is no wait.
     */
    private static WaitingFor waitingFor(MessageStatus status, Instant nextAttemptAt, WaitingFor stored, Instant now,
            boolean heldBack) {
        if (status != MessageStatus.QUEUED || nextAttemptAt == null) {
            return null;
        }
        if (now == null || nextAttemptAt.isAfter(now)) {
            return stored;
        }
        return heldBack ? WaitingFor.RATE_LIMIT : null;
    }

    /** Queued and due at {@code now}: only then can 8x8's limits be what it waits for. */
    static boolean due(VoiceMessage m, Instant now) {
        return m.getStatus() == MessageStatus.QUEUED && m.getNextAttemptAt() != null
                && !m.getNextAttemptAt().isAfter(now);
    }

    /** The redial policy as stored, interval in ISO-8601. */
    record RedialView(int maxCalls, String interval, List<CallStatus> on) {

        static RedialView of(RedialPlan plan) {
            return new RedialView(plan.maxCalls(), plan.interval().toString(), List.copyOf(plan.on()));
        }
    }

    /**
     * Built by {@link MessageViews} only. {@code calls} and {@code attempts}: null in a list, where both are left
     * out (the top-level sessionId is then the message's own); {@code callbacks}: the message's callback deliveries,
     * or null to leave them out (lists, event snapshots); {@code cost}: all the calls' cost from 8x8's log export, shown when in one currency;
     * {@code now} decides whether the message is still waiting (null: as stored), {@code heldBack} whether a due one
     * waits for 8x8's limits.
     */
    static VoiceMessageView of(VoiceMessage m, List<CallView> calls, List<AttemptView> attempts,
            List<CallbackView> callbacks, MessageCost cost, Instant now, boolean heldBack) {
        RedialPlan plan = m.getRedialPlan();
        CallView latest = calls == null || calls.isEmpty() ? null : calls.get(calls.size() - 1);
        String sessionId = calls == null ? m.getSessionId() : latest == null ? null : latest.sessionId();
        return new VoiceMessageView(m.getId(), m.getStatus(), m.getDestination(), m.getSource(), m.getText(),
                m.getAudioUrl(), m.getVoiceProfile(), m.getRepetition(),
                m.getSpeed() == null ? null : m.getSpeed().stripTrailingZeros(), m.getValidUntil(),
                m.getClientReference(), m.getAcknowledge(), m.getClientName(), RedialView.of(plan), fallbacks(plan),
                m.getCreatedAt(), m.getUpdatedAt(), calls, attempts, m.getNextAttemptAt(), m.getLastError(), sessionId,
                m.getCallFlowRequestId(), m.getStatusCode(), m.getStatusMessage(),
                latest == null ? null : latest.summary(), m.getCallbackUrl(), callbacks,
                latest == null ? null : latest.settledBy(), cost == null ? null : cost.inOneCurrency(),
                m.getPersonalDataErasedAt(), latest == null ? null : latest.acknowledgement(), m.getSendAt(),
                WindowView.of(m.getDeliveryWindow()), m.getPriority(),
                waitingFor(m.getStatus(), m.getNextAttemptAt(), m.getWaitingFor(), now, heldBack),
                TemplateRef.of(m.getTemplateId(), m.getTemplateVersion()),
                m.getStatus() == MessageStatus.SUPPRESSED ? m.getSuppressedBy() : null,
                SkippedFallback.of(m.getSkippedFallbacks()), m.getOptOut());
    }

    /** The view of a message just inserted: nothing has happened to it yet, so no read-back is needed. */
    static VoiceMessageView ofNew(NewMessage m) {
        boolean suppressed = m.suppressedBy() != null;
        CallView first = new CallView(1, CallKind.FIRST, m.destination(), CallPlanner.clientRequestId(m.id(), 1),
                suppressed ? CallStatus.SUPPRESSED : CallStatus.QUEUED, null, m.createdAt(), null,
                suppressed ? m.createdAt() : null, null, null,
                m.acknowledge() == null ? null : new AcknowledgementView(m.acknowledge().digit(), null, null), null,
                null, m.suppressedBy(), null);
        return new VoiceMessageView(m.id(), suppressed ? MessageStatus.SUPPRESSED : MessageStatus.QUEUED,
                m.destination(), m.source(), m.text(),
                m.audioUrl(), m.voiceProfile(), m.repetition(), m.speed(), m.validUntil(), m.clientReference(),
                m.acknowledge(), m.clientName(), RedialView.of(m.redial()), fallbacks(m.redial()), m.createdAt(),
                m.createdAt(), List.of(first), List.of(), suppressed ? null : m.schedule().firstDueAt(), null, null,
                null, null, null, null,
                m.callbackUrl(), m.callbackUrl() == null ? null : List.of(), null, null, null, first.acknowledgement(),
                m.schedule().sendAt(), WindowView.of(m.schedule().window()), m.schedule().priority(),
                suppressed ? null : m.schedule().waitingFor(), TemplateRef.of(m.templateId(), m.templateVersion()),
                m.suppressedBy(), SkippedFallback.of(m.skippedFallbacks()), m.optOut());
    }

    private static List<String> fallbacks(RedialPlan plan) {
        return plan.fallbackDestinations().isEmpty() ? null : plan.fallbackDestinations();
    }
}
