package com.example.voicegateway.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What clients and ops see of a message. Absent values are left out rather than shown as null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
        Instant createdAt,
        Instant updatedAt,
        List<AttemptView> attempts,
        Instant nextAttemptAt,
        String lastError,
        String sessionId,
        String callFlowRequestId,
        Integer statusCode,
        String statusMessage,
        Object summary,
        AcknowledgementView acknowledgement) {

    static VoiceMessageView of(VoiceMessage m, List<AttemptView> attempts, Object summary,
            AcknowledgementView acknowledgement) {
        return new VoiceMessageView(m.getId(), m.getStatus(), m.getDestination(), m.getSource(), m.getText(),
                m.getAudioUrl(), m.getVoiceProfile(), m.getRepetition(),
                m.getSpeed() == null ? null : m.getSpeed().stripTrailingZeros(), m.getValidUntil(),
                m.getClientReference(), m.getAcknowledge(), m.getClientName(), m.getCreatedAt(), m.getUpdatedAt(),
                attempts, m.getNextAttemptAt(), m.getLastError(), m.getSessionId(), m.getCallFlowRequestId(),
                m.getStatusCode(), m.getStatusMessage(), summary, acknowledgement);
    }

    /** The view of a message just inserted: nothing has happened to it yet, so no read-back is needed. */
    static VoiceMessageView ofNew(NewMessage m) {
        return new VoiceMessageView(m.id(), MessageStatus.QUEUED, m.destination(), m.source(), m.text(),
                m.audioUrl(), m.voiceProfile(), m.repetition(), m.speed(), m.validUntil(), m.clientReference(),
                m.acknowledge(), m.clientName(), m.createdAt(), m.createdAt(), List.of(), m.createdAt(), null, null,
                null, null, null, null, m.acknowledge() == null ? null
                        : new AcknowledgementView(m.acknowledge().digit(), null, null));
    }
}
