package com.example.voicegateway.sandbox;

import org.springframework.stereotype.Component;

/** Misbehaviour the emulator is told to show in drills; empty until an ops caller sets it. */
@Component
@SandboxEnabled
class Faults {

    /** What to do with one incoming callflow request. */
    record Decision(long latencyMs, int failStatus, boolean loseAnswer, boolean dropSummary, boolean loseRequest) {
        Decision(long latencyMs, int failStatus, boolean loseAnswer) {
            this(latencyMs, failStatus, loseAnswer, false, false);
        }
    }

    private FaultSettings settings = FaultSettings.NONE;

    synchronized FaultSettings current() {
        return settings;
    }

    synchronized void set(FaultSettings next) {
        settings = next;
    }

    synchronized void reset() {
        settings = FaultSettings.NONE;
    }

    /**
     * Consumes one fault, in this order: a failure (never reaches the "network"), a lost request (reaches it, never
     * becomes a call), a lost answer, a dropped summary.
     */
    synchronized Decision next() {
        FaultSettings now = settings;
        if (now.failNext() > 0) {
            settings = with(now, now.failNext() - 1, now.loseAnswers(), now.dropSummaries(), now.loseRequests());
            return new Decision(now.latencyMs(), now.failStatus(), false);
        }
        if (now.loseRequests() > 0) {
            settings = with(now, now.failNext(), now.loseAnswers(), now.dropSummaries(), now.loseRequests() - 1);
            return new Decision(now.latencyMs(), 0, false, false, true);
        }
        if (now.loseAnswers() > 0) {
            settings = with(now, now.failNext(), now.loseAnswers() - 1, now.dropSummaries(), now.loseRequests());
            return new Decision(now.latencyMs(), 0, true);
        }
        if (now.dropSummaries() > 0) {
            settings = with(now, now.failNext(), now.loseAnswers(), now.dropSummaries() - 1, now.loseRequests());
            return new Decision(now.latencyMs(), 0, false, true, false);
        }
        return new Decision(now.latencyMs(), 0, false);
    }

    private static FaultSettings with(FaultSettings now, int failNext, int loseAnswers, int dropSummaries,
            int loseRequests) {
        return new FaultSettings(failNext, now.failStatus(), now.latencyMs(), loseAnswers, dropSummaries,
                loseRequests);
    }
}
