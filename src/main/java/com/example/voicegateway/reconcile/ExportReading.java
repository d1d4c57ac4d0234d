package com.example.voicegateway.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Consumes an export's rows as they stream in: keeps only the rows that could explain a due call (by sessionId or
 * by destination), and hands rows with a price to {@code costs} in batches, so memory stays flat however big the
 * export is.
 */
final class ExportReading implements Consumer<ExportRow> {

    static final int COST_BATCH = 500;

    private final Set<String> sessions;
    private final Set<String> destinations;
    private final ToIntFunction<List<ExportRow>> costs;
    private final Map<String, List<ExportRow>> bySession = new HashMap<>();
    private final Map<String, List<ExportRow>> byDestination = new HashMap<>();
    private List<ExportRow> pendingCosts = new ArrayList<>();
    private int rows;
    private int costed;

    ExportReading(Set<String> sessions, Set<String> destinations, ToIntFunction<List<ExportRow>> costs) {
        this.sessions = sessions;
        this.destinations = destinations;
        this.costs = costs;
    }

    @Override
    public void accept(ExportRow row) {
        rows++;
        if (row.sessionId() != null && sessions.contains(row.sessionId())) {
            bySession.computeIfAbsent(row.sessionId(), k -> new ArrayList<>()).add(row);
        }
        String digits = row.destinationDigits();
        if (digits != null && destinations.contains(digits)) {
            byDestination.computeIfAbsent(digits, k -> new ArrayList<>()).add(row);
        }
        if (row.hasCost()) {
            pendingCosts.add(row);
            if (pendingCosts.size() >= COST_BATCH) {
                flush();
            }
        }
    }

    void flush() {
        if (!pendingCosts.isEmpty()) {
            List<ExportRow> batch = pendingCosts;
            pendingCosts = new ArrayList<>();
            costed += costs.applyAsInt(batch);
        }
    }

    /** Calls whose cost was stored, for those rows that were already ours. */
    int costed() {
        return costed;
    }

    /** Stores the cost of rows that became ours after reading (an unknown call's session). */
    void costAfterwards(List<ExportRow> late) {
        if (!late.isEmpty()) {
            costed += costs.applyAsInt(late);
        }
    }

    int rows() {
        return rows;
    }

    Map<String, List<ExportRow>> bySession() {
        return bySession;
    }

    Map<String, List<ExportRow>> byDestination() {
        return byDestination;
    }
}
