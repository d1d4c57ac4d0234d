package com.example.voicegateway.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** What reconciliation did: calls settled by outcome, exports by kind and result, last resorts taken. */
@Component
class ReconcileMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    ReconcileMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A call the export explained: its outcome, or NOT_PLACED, NO_RECORD, FLAGGED, SESSION_FOUND. */
    void settled(String outcome) {
        counter("voice_gateway.reconcile.calls.settled", "Calls explained by 8x8's log export", "outcome", outcome)
                .increment();
    }

    void export(String kind, String result) {
        counter("voice_gateway.reconcile.exports", "Log exports by kind and result", "kind", kind, "result", result)
                .increment();
    }

    /** An export that settled nothing because it did not finish: 8x8 failed it, refused it, or it timed out. */
    void exportFailed(String kind, String reason) {
        counter("voice_gateway.reconcile.exports.failed", "Log exports that gave no usable file", "kind", kind,
                "reason", reason).increment();
    }

    /** A call ended by a last-resort window, without 8x8's evidence. */
    void lastResort(String from) {
        counter("voice_gateway.reconcile.last_resort", "Calls FAILED by a last-resort window", "from", from)
                .increment();
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join(",", tags), key -> Counter.builder(name)
                .description(description)
                .tags(tags)
                .register(registry));
    }
}
