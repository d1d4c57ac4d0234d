package com.example.voicegateway.sandbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Every call the emulator played to its end, with the full numbers: the source of the emulated log export, like
 * 8x8's call logs are the source of its own. Bounded: the oldest calls go first. Never shown to ops as such.
 */
@Component
@SandboxEnabled
class CallLog {

    static final int CAPACITY = 100_000;

    record Call(String sessionId, String callId, String source, String destination, Instant initiatedAt,
            Instant connectedAt, Instant disconnectedAt, String sessionStatus, String callStatus) {

        /** Started seconds, like a carrier counts them: a connected call lasts one second at least. */
        long durationSeconds() {
            if (connectedAt == null || disconnectedAt == null) {
                return 0;
            }
            long millis = Math.max(0, java.time.Duration.between(connectedAt, disconnectedAt).toMillis());
            return Math.max(1, (millis + 999) / 1000);
        }
    }

    private final Deque<Call> calls = new ArrayDeque<>();

    synchronized void add(Call call) {
        if (calls.size() == CAPACITY) {
            calls.removeFirst();
        }
        calls.addLast(call);
    }

    /** Calls initiated in [from, to), oldest first. */
    synchronized List<Call> between(Instant from, Instant to) {
        return calls.stream()
                .filter(c -> !c.initiatedAt().isBefore(from) && c.initiatedAt().isBefore(to))
                .toList();
    }

    synchronized void clear() {
        calls.clear();
    }
}
