package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.AcknowledgementLookup;
import com.example.voicegateway.message.AcknowledgementView;
import com.example.voicegateway.message.CallSummaryLookup;
import com.example.voicegateway.message.CallSummaryView;
import com.example.voicegateway.message.CallbackLookup;
import com.example.voicegateway.message.CallbackView;
import com.example.voicegateway.message.CapacityLookup;
import com.example.voicegateway.message.MessageDirectory;
import com.example.voicegateway.message.ReconciliationLookup;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Every view of a message is built here and nowhere else: {@code GET /voice-messages/{id}} (and the cancel's answer),
 * the list's items, the intake's answer, a callback event's snapshot (which must be exactly the GET's view) and the
 * console's story (which reads the GET's view through {@link MessageDirectory}). What other features know of a
 * message comes through typed ports they implement: summaries, callbacks, reconciliation, acknowledgements and
 * capacity.
 */
@Component
class MessageViews {

    private final VoiceCalls calls;
    private final DispatchAttempts attempts;
    private final ObjectProvider<CallSummaryLookup> summaries;
    private final ObjectProvider<CallbackLookup> callbacks;
    private final ObjectProvider<ReconciliationLookup> reconciliations;
    private final ObjectProvider<AcknowledgementLookup> acknowledgements;
    private final ObjectProvider<CapacityLookup> capacity;
    private final Clock clock;

    MessageViews(VoiceCalls calls, DispatchAttempts attempts, ObjectProvider<CallSummaryLookup> summaries,
            ObjectProvider<CallbackLookup> callbacks, ObjectProvider<ReconciliationLookup> reconciliations,
            ObjectProvider<AcknowledgementLookup> acknowledgements, ObjectProvider<CapacityLookup> capacity,
            Clock clock) {
        this.capacity = capacity;
        this.reconciliations = reconciliations;
        this.clock = clock;
        this.calls = calls;
        this.attempts = attempts;
        this.summaries = summaries;
        this.callbacks = callbacks;
        this.acknowledgements = acknowledgements;
    }

    /** @param withCallbacks false for an event's snapshot: the events' own deliveries are no part of the change */
    VoiceMessageView full(VoiceMessage message, boolean withCallbacks) {
        Map<Integer, CallSummaryView> byCall = summaries.stream().map(lookup -> lookup.findSummaries(message.getId())).findFirst()
                .orElse(Map.of());
        ReconciliationLookup.Reconciled reconciled = reconciliations.stream()
                .map(lookup -> lookup.find(message.getId())).findFirst().orElse(ReconciliationLookup.Reconciled.NONE);
        Acknowledge asked = message.getAcknowledge();
        List<CallView> withSummaries = calls.findByMessage(message.getId()).stream()
                .map(call -> call.withSummary(byCall.get(call.number()))
                        .withReconciliation(reconciled.call(call.number()))
                        .withAcknowledgement(asked == null ? null : acknowledgement(asked, call.sessionId())))
                .toList();
        // Erasure removes the callback URL but not the record of the deliveries made to it.
        boolean hadCallbacks = message.getCallbackUrl() != null || message.getPersonalDataErasedAt() != null;
        List<CallbackView> deliveries = !withCallbacks || !hadCallbacks ? null
                : callbacks.stream().flatMap(lookup -> lookup.findCallbacks(message.getId()).stream()).toList();
        if (message.getCallbackUrl() == null && deliveries != null && deliveries.isEmpty()) {
            deliveries = null;
        }
        Instant now = clock.instant();
        return VoiceMessageView.of(message, withSummaries, attempts.findByMessage(message.getId()), deliveries,
                reconciled.cost(), now, VoiceMessageView.due(message, now) && heldBackAt(now));
    }

    /** A page of the list: no calls, attempts, callbacks or cost; {@code heldBack} true when already known. */
    List<VoiceMessageView> listed(List<VoiceMessage> page, Instant now, boolean heldBack) {
        // Asked once per page, and only when the page holds a due message.
        boolean held = heldBack || (page.stream().anyMatch(m -> VoiceMessageView.due(m, now)) && heldBackAt(now));
        return page.stream().map(m -> VoiceMessageView.of(m, null, null, null, null, now, held)).toList();
    }

    /** The intake's answer: the message just stored, nothing has happened to it yet, so nothing is read back. */
    VoiceMessageView accepted(NewMessage message) {
        return VoiceMessageView.ofNew(message);
    }

    /** Whether due messages wait for 8x8's limits now (false without a dispatch feature to ask). */
    boolean heldBackAt(Instant now) {
        return capacity.stream().anyMatch(lookup -> lookup.heldBackAt(now));
    }

    private AcknowledgementView acknowledgement(Acknowledge asked, String sessionId) {
        AcknowledgementLookup lookup = acknowledgements.getIfAvailable();
        if (sessionId == null || lookup == null) {
            return new AcknowledgementView(asked.digit(), null, null);
        }
        return lookup.find(sessionId, asked.digit());
    }
}
