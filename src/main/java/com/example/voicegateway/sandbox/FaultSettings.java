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
 * @param dropSummaries place the next N calls and answer them, but never post their session summaries (the call
 *                    still appears in the emulated log export)
 * @param loseRequests take the next N requests but never place a call, answering only after the gateway's read
 *                    timeout: an unknown outcome that the log export proves was never a call
 */
record FaultSettings(
        @Min(0) @Max(100000) Integer failNext,
        @Min(400) @Max(599) Integer failStatus,
        @Min(0) @Max(120000) Long latencyMs,
        @Min(0) @Max(100000) Integer loseAnswers,
        @Min(0) @Max(100000) Integer dropSummaries,
        @Min(0) @Max(100000) Integer loseRequests) {

    static final FaultSettings NONE = new FaultSettings(0, 503, 0L, 0, 0, 0);

    FaultSettings {
        failNext = failNext == null ? 0 : failNext;
        failStatus = failStatus == null ? 503 : failStatus;
        latencyMs = latencyMs == null ? 0L : latencyMs;
        loseAnswers = loseAnswers == null ? 0 : loseAnswers;
        dropSummaries = dropSummaries == null ? 0 : dropSummaries;
        loseRequests = loseRequests == null ? 0 : loseRequests;
    }

    /** Kept so drills and tests written before the summary and request faults still compile. */
    FaultSettings(Integer failNext, Integer failStatus, Long latencyMs, Integer loseAnswers) {
        this(failNext, failStatus, latencyMs, loseAnswers, 0, 0);
    }
}
