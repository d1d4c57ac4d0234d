package com.example.voicegateway.sandbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Every callflow the emulator accepted, i.e. every call "8x8" placed, so a drill can prove that no message rang
 * twice. Bounded: the oldest entries go first.
 */
@Component
@SandboxEnabled
class CallflowJournal {

    static final int CAPACITY = 10_000;

    /** One placed call; the destination is masked because this is shown to ops. */
    record Entry(Instant receivedAt, String clientRequestId, String callFlowRequestId, String sessionId,
            String destination, String outcome) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    synchronized void add(Entry entry) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    synchronized void clear() {
        entries.clear();
    }
}
