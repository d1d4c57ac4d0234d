package com.example.voicegateway.webhook;

import com.example.voicegateway.message.CallSummaryView;
import java.time.Instant;
import java.util.List;

/**
 * A Voice Session Summary as read leniently from 8x8's JSON; anything absent or unreadable is null.
 *
 * @param sessionStatus 8x8's value as sent
 */
record SessionSummary(
        String eventType,
        Integer version,
        String sessionId,
        String clientRequestId,
        String sessionStatus,
        Instant startTime,
        Instant endTime,
        String lastAction,
        Integer callCount,
        Integer errorCode,
        String errorMessage,
        List<Leg> legs) {

    record Leg(
            String name,
            String callId,
            String callDirection,
            String callStatus,
            String destination,
            Instant initiatedTimestamp,
            Instant connectedTimestamp,
            Instant disconnectedTimestamp,
            Integer callDuration,
            CallSummaryView.CallQuality callQuality) {
    }

    /** True for the event types that carry a session summary: today's and the legacy pages' name. */
    boolean isSessionSummaryEvent() {
        if (eventType == null) {
            return true;
        }
        String type = SummaryStatus.normalise(eventType);
        return type.equals("SESSION_SUMMARY") || type.equals("CALL_STATUS");
    }
}
