package com.example.voicegateway.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test sets and moves, so time-based behaviour is tested without waiting. Until a test sets it, it follows
 * the system's time (moved by whatever {@link #advance} added): the application context of the integration tests
 * runs on one such clock, and each test starts it from the real time again ({@link #followSystem}).
 */
public final class MovableClock extends Clock {

    /** Set: the clock stands at this instant. Null: it follows the system's time plus {@link #offset}. */
    private volatile Instant fixed;
    private volatile Duration offset = Duration.ZERO;

    /** A clock that follows the system's time until it is set. */
    public MovableClock() {
    }

    public MovableClock(Instant start) {
        this.fixed = start;
    }

    public synchronized void set(Instant instant) {
        fixed = instant;
    }

    public synchronized void advance(Duration duration) {
        if (fixed != null) {
            fixed = fixed.plus(duration);
        } else {
            offset = offset.plus(duration);
        }
    }

    /** Back to the system's time, not moved. */
    public synchronized void followSystem() {
        fixed = null;
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        Instant at = fixed;
        return at != null ? at : Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
