package com.example.voicegateway.sandbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Faults for drills, as posted to {@code /admin/sandbox/faults}; an absent field means none of that fault.
 *
 * @param failNext    answer the next N callflow requests with {@code failStatus} without placing a call
 * @param failStatus  HTTP status of those failures (default 503)
 * @param latencyMs   delay before every answer
 * @param loseAnswers place the next N calls (summary included) but answer only after the gateway's read timeout,
 *                    as when an answer is lost on the way back
 */
record FaultSettings(
        @Min(0) @Max(100000) Integer failNext,
        @Min(400) @Max(599) Integer failStatus,
        @Min(0) @Max(120000) Long latencyMs,
        @Min(0) @Max(100000) Integer loseAnswers) {

    static final FaultSettings NONE = new FaultSettings(0, 503, 0L, 0);

    FaultSettings {
        failNext = failNext == null ? 0 : failNext;
        failStatus = failStatus == null ? 503 : failStatus;
        latencyMs = latencyMs == null ? 0L : latencyMs;
        loseAnswers = loseAnswers == null ? 0 : loseAnswers;
    }
}
