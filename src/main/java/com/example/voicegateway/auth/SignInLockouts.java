package com.example.voicegateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's memory of which throttle buckets are empty, and until when. It lets the throttle refuse an
 * attempt before looking at its key without asking the database: a right key costs nothing, and a flood of attempts
 * during a lockout costs one map lookup each.
 */
final class SignInLockouts {

    /** Far more addresses than a lockout ever holds at once; past it, expired entries go first. */
    static final int MAX_ENTRIES = 100_000;

    private final Map<String, Instant> lockedUntil = new ConcurrentHashMap<>();

    /** Locks {@code bucket} until {@code end}; true when it was not locked already (a new lockout). */
    boolean lock(String bucket, Instant end, Instant now) {
        if (lockedUntil.size() >= MAX_ENTRIES) {
            lockedUntil.values().removeIf(until -> !until.isAfter(now));
            if (lockedUntil.size() >= MAX_ENTRIES) {
                // Still full: the shared bucket goes on refusing wrong keys; only the early refusal is lost.
                return false;
            }
        }
        Instant before = lockedUntil.put(bucket, end);
        return before == null || !before.isAfter(now);
    }

    /** How long {@code bucket} stays locked, or null when it is not. */
    Duration remaining(String bucket, Instant now) {
        Instant until = lockedUntil.get(bucket);
        if (until == null) {
            return null;
        }
        if (!until.isAfter(now)) {
            lockedUntil.remove(bucket, until);
            return null;
        }
        return Duration.between(now, until);
    }

    void clear() {
        lockedUntil.clear();
    }
}
