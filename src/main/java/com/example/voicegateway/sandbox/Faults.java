package com.example.voicegateway.sandbox;

import org.springframework.stereotype.Component;

/** Misbehaviour the emulator is told to show in drills; empty until an ops caller sets it. */
@Component
@SandboxEnabled
class Faults {

    /** What to do with one incoming callflow request. */
    record Decision(long latencyMs, int failStatus, boolean loseAnswer) {
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

    /** Consumes one failure or one lost answer, failures first: a failed request never reaches the "network". */
    synchronized Decision next() {
        FaultSettings now = settings;
        if (now.failNext() > 0) {
            settings = new FaultSettings(now.failNext() - 1, now.failStatus(), now.latencyMs(), now.loseAnswers());
            return new Decision(now.latencyMs(), now.failStatus(), false);
        }
        if (now.loseAnswers() > 0) {
            settings = new FaultSettings(now.failNext(), now.failStatus(), now.latencyMs(), now.loseAnswers() - 1);
            return new Decision(now.latencyMs(), 0, true);
        }
        return new Decision(now.latencyMs(), 0, false);
    }
}
