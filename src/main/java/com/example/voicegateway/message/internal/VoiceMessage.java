package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.SuppressionList;
import com.example.voicegateway.schedule.DeliveryWindow;
import com.example.voicegateway.schedule.Priority;
import com.example.voicegateway.schedule.WaitingFor;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A voice message as its readers see it: the {@code message_state} view, the message with its current call, and the
 * status a client sees (the message's outcome once there is one, else its current call's status). Read-only: every
 * move is a command of the ledger ({@code Outbox}, {@code CallSettlement}, {@link VoiceCalls#cancel}, ...).
 */
@Entity
@Immutable
@Table(name = "message_state")
class VoiceMessage {

    @Id
    private UUID id;


    @Column(name = "client_name", nullable = false, updatable = false)
    private String clientName;

    @Column(name = "idempotency_key", updatable = false)
    private String idempotencyKey;

    @Column(name = "request_fingerprint", updatable = false)
    private String requestFingerprint;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private MessageStatus status;

    // Masked (+65****5678) once personal data is erased (gateway.retention.personal-data), by the sweep's SQL.
    @Column(nullable = false, updatable = false)
    private String destination;

    @Column(nullable = false, updatable = false)
    private String source;

    @Column(updatable = false)
    private String text;

    @Column(name = "audio_url", updatable = false)
    private String audioUrl;

    @Column(name = "template_id", updatable = false)
    private UUID templateId;

    @Column(name = "template_version", updatable = false)
    private Integer templateVersion;

    @Column(name = "broadcast_id", updatable = false)
    private UUID broadcastId;

    @Column(name = "voice_profile", updatable = false)
    private String voiceProfile;

    @Column(nullable = false, updatable = false)
    private short repetition;

    @Column(updatable = false, precision = 3, scale = 2)
    private BigDecimal speed;

    @Column(name = "valid_until", nullable = false, updatable = false)
    private Instant validUntil;

    @Column(name = "client_reference", updatable = false)
    private String clientReference;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "lease_owner")
    private String leaseOwner;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "session_id")
    private String sessionId;

    @Column(name = "call_flow_request_id")
    private String callFlowRequestId;

    @Column(name = "status_code")
    private Integer statusCode;

    @Column(name = "status_message")
    private String statusMessage;

    @Column(name = "ack_digit", updatable = false)
    private String ackDigit;

    @Column(name = "ack_prompt", updatable = false)
    private String ackPrompt;

    @Column(name = "ack_thanks", updatable = false)
    private String ackThanks;

    @Column(name = "ack_timeout_ms", updatable = false)
    private Integer ackTimeoutMs;

    @Column(name = "ack_tries", updatable = false)
    private Short ackTries;

    @Column(name = "max_calls", nullable = false, updatable = false)
    private short maxCalls;

    @Column(name = "redial_interval_ms", nullable = false, updatable = false)
    private long redialIntervalMs;

    @Column(name = "redial_on", nullable = false, updatable = false)
    private String redialOn;

    @Column(name = "fallback_destinations", updatable = false)
    private String fallbackDestinations;

    @Column(name = "current_call", nullable = false)
    private short currentCall;

    @Column(name = "callback_url", updatable = false)
    private String callbackUrl;

    @Column(name = "personal_data_erased_at", updatable = false)
    private Instant personalDataErasedAt;

    @Column(name = "send_at", updatable = false)
    private Instant sendAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private Priority priority;

    @Column(name = "window_from", updatable = false)
    private LocalTime windowFrom;

    @Column(name = "window_to", updatable = false)
    private LocalTime windowTo;

    @Column(name = "window_days", updatable = false)
    private String windowDays;

    @Column(name = "window_zone", updatable = false)
    private String windowZone;

    @Enumerated(EnumType.STRING)
    @Column(name = "waiting_for")
    private WaitingFor waitingFor;

    // The current call's list, when it was never placed because its number is on one.
    @Enumerated(EnumType.STRING)
    @Column(name = "suppressed_by")
    private SuppressionList suppressedBy;

    @Column(name = "skipped_fallbacks", updatable = false)
    private String skippedFallbacks;

    @Column(name = "opt_out_digit", updatable = false)
    private String optOutDigit;

    @Column(name = "opt_out_prompt", updatable = false)
    private String optOutPrompt;

    @Column(name = "opt_out_confirmation", updatable = false)
    private String optOutConfirmation;

    protected VoiceMessage() {
        // for JPA
    }

    public UUID getId() {
        return id;
    }

    public String getClientName() {
        return clientName;
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    public String getRequestFingerprint() {
        return requestFingerprint;
    }

    public MessageStatus getStatus() {
        return status;
    }

    public String getDestination() {
        return destination;
    }

    public String getSource() {
        return source;
    }

    public String getText() {
        return text;
    }

    public String getAudioUrl() {
        return audioUrl;
    }

    public UUID getTemplateId() {
        return templateId;
    }

    public Integer getTemplateVersion() {
        return templateVersion;
    }

    public UUID getBroadcastId() {
        return broadcastId;
    }

    public String getVoiceProfile() {
        return voiceProfile;
    }

    public int getRepetition() {
        return repetition;
    }

    public BigDecimal getSpeed() {
        return speed;
    }

    public Instant getValidUntil() {
        return validUntil;
    }

    public String getClientReference() {
        return clientReference;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    public String getLeaseOwner() {
        return leaseOwner;
    }

    public Instant getLeaseUntil() {
        return leaseUntil;
    }

    public String getLastError() {
        return lastError;
    }

    public String getSessionId() {
        return sessionId;
    }

    public String getCallFlowRequestId() {
        return callFlowRequestId;
    }

    public Integer getStatusCode() {
        return statusCode;
    }

    public String getStatusMessage() {
        return statusMessage;
    }

    public RedialPlan getRedialPlan() {
        return RedialPlan.fromColumns(maxCalls, redialIntervalMs, redialOn, fallbackDestinations);
    }

    public int getCurrentCall() {
        return currentCall;
    }

    public String getCallbackUrl() {
        return callbackUrl;
    }

    public Instant getPersonalDataErasedAt() {
        return personalDataErasedAt;
    }

    /** The acknowledgement asked for; null when none was. */
    Acknowledge getAcknowledge() {
        return ackDigit == null ? null
                : new Acknowledge(ackDigit, ackPrompt, ackThanks, ackTimeoutMs, ackTries == null ? 0 : ackTries);
    }

    public Instant getSendAt() {
        return sendAt;
    }

    public Priority getPriority() {
        return priority;
    }

    /** Why a queued message waits until {@link #getNextAttemptAt()}; null when nothing was recorded. */
    public WaitingFor getWaitingFor() {
        return waitingFor;
    }

    /** The list the current call's number was on, when that call was never placed for it; else null. */
    public SuppressionList getSuppressedBy() {
        return suppressedBy;
    }

    /** Fallback numbers intake found on a do-not-call list (never called), in the request's order. */
    List<NewMessage.Skipped> getSkippedFallbacks() {
        return skippedFallbacks == null || skippedFallbacks.isBlank() ? List.of()
                : Arrays.stream(skippedFallbacks.split(",")).map(NewMessage.Skipped::of).toList();
    }

    /** The opt-out key asked for; null when none was. The texts are gone once personal data is erased. */
    OptOut getOptOut() {
        return optOutDigit == null ? null : new OptOut(optOutDigit, optOutPrompt, optOutConfirmation);
    }

    /** The message's delivery window, or null when it may be called at any hour. */
    public DeliveryWindow getDeliveryWindow() {
        return windowFrom == null ? null : DeliveryWindow.parse(windowFrom, windowTo, windowDays, windowZone);
    }
}
