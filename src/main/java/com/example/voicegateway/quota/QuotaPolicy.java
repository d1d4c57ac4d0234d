package com.example.voicegateway.quota;

import java.time.Duration;

/** One quota of a client: at most {@code quota} messages per fixed window of {@code window}, aligned to UTC. */
record QuotaPolicy(String name, long quota, Duration window) {

    /** Seconds until the window that contains {@code nowMillis} ends and the quota is full again. */
    long secondsToReset(long nowMillis) {
        long period = window.toMillis();
        long left = period - Math.floorMod(nowMillis, period);
        return Math.max(1, (left + 999) / 1000);
    }
}
