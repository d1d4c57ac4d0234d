package com.example.voicegateway.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The call's outcome as ops see it in {@code GET /voice-messages/{id}}: the summary that settled the message (or,
 * when none could, the first one matched), read from the stored raw JSON by
 * the webhook feature, which owns the summaries and their lenient parsing ({@link CallSummaryLookup}).
 *
 * @param sessionStatus         8x8's value as sent, whatever status it mapped to
 * @param callDuration          seconds the destination was connected (the destination leg's callDuration)
 * @param outcome               APPLIED, DUPLICATE, CONFLICT or IGNORED: what this summary did to the message
 * @param disagreeingSummaries  later summaries that disagreed with the message's final status; absent when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallSummaryView(
        long id,
        String sessionId,
        String sessionStatus,
        Instant startTime,
        Instant endTime,
        String lastAction,
        Integer callCount,
        Integer callDuration,
        Integer errorCode,
        String errorMessage,
        List<LegView> legs,
        Instant receivedAt,
        String outcome,
        Integer disagreeingSummaries) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LegView(
            String name,
            String callId,
            String callDirection,
            String callStatus,
            Instant initiatedTimestamp,
            Instant connectedTimestamp,
            Instant disconnectedTimestamp,
            Integer callDuration,
            CallQuality callQuality) {
    }

    /** 8x8's call quality: MOS 1.0 to 5.0, packet loss as a fraction, jitter in ms. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CallQuality(Double mos, Double packetLossRate, Double jitter) {
    }
}
