package com.example.voicegateway.reconcile;

import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.phone.PhoneNumbers;
import com.example.voicegateway.webhook.SummaryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure decisions: given the due calls and the rows an export holds for them, what each call's verdict is. Errs on the
 * side of doing nothing: a call is sent again only when the export provably covers its whole send window and shows
 * nothing that could be it.
 */
final class SettlingRules {

    /** 8x8's final session statuses (after {@link SummaryStatus#normalise}); anything else is a call not yet over. */
    static final Set<String> FINAL = Set.of("COMPLETED", "NO_ANSWER", "BUSY", "CANCELED", "FAILED", "ERROR",
            "COMPLETED_UNSUBSCRIBED", "COMPLETED_UNSUB_ERROR", "UNSUBSCRIBED_CONTACT");

    /**
     * @param proofDelay how far past the attempt the export must reach before "no row" proves "no call"
     * @param margin     clock skew and 8x8's queueing, added on both sides of the send window
     * @param lease      how long before it was noticed an UNKNOWN attempt's POST may have begun (lease expiry)
     */
    record Settings(Duration proofDelay, Duration margin, Duration lease) {
    }

    /** The export's span and its rows, already narrowed to the due calls' sessionIds and destinations. */
    record Evidence(Instant spanFrom, Instant spanTo, Map<String, List<ExportRow>> bySession,
            Map<String, List<ExportRow>> byDestination, Set<String> sessionsOfOtherCalls) {
    }

    private final Settings settings;

    SettlingRules(Settings settings) {
        this.settings = settings;
    }

    /** The first moment the call could have been initiated at 8x8. */
    Instant windowStart(DueCall call) {
        return call.attemptAt().minus(settings.lease()).minus(settings.margin());
    }

    /** The last moment we still attribute an initiation to this attempt; also where the export must reach. */
    Instant windowEnd(DueCall call) {
        return call.attemptAt().plus(settings.proofDelay());
    }

    List<Verdict> decide(List<DueCall> due, Evidence evidence) {
        // Rows claimed by more than one unknown call cannot settle any of them.
        Map<ExportRow, Integer> claims = new IdentityHashMap<>();
        Map<DueCall, List<ExportRow>> candidates = new HashMap<>();
        for (DueCall call : due) {
            if (call.unknown()) {
                List<ExportRow> rows = candidates(call, evidence);
                candidates.put(call, rows);
                rows.forEach(row -> claims.merge(row, 1, Integer::sum));
            }
        }
        List<Verdict> verdicts = new ArrayList<>(due.size());
        for (DueCall call : due) {
            verdicts.add(call.unknown() ? unknown(call, candidates.get(call), claims, evidence) : submitted(call, evidence));
        }
        return verdicts;
    }

    private Verdict submitted(DueCall call, Evidence evidence) {
        List<ExportRow> rows = call.sessionId() == null ? List.of()
                : evidence.bySession().getOrDefault(call.sessionId(), List.of());
        if (rows.isEmpty()) {
            return new Verdict.Wait(call, "session not in the export");
        }
        for (ExportRow row : rows) {
            CallStatus outcome = outcome(row);
            if (outcome != null) {
                return new Verdict.Settle(call, outcome, row);
            }
        }
        return new Verdict.Wait(call, "session in the export without a final status");
    }

    private Verdict unknown(DueCall call, List<ExportRow> rows, Map<ExportRow, Integer> claims, Evidence evidence) {
        long unreadable = rows.stream().filter(ExportRow::initiatedAtUnreadable).count();
        boolean shared = rows.stream().anyMatch(row -> claims.getOrDefault(row, 0) > 1);
        String where = "to " + PhoneNumbers.mask(call.destination()) + " initiated between " + windowStart(call)
                + " and " + windowEnd(call);
        if (rows.size() > 1 || unreadable > 0 || shared) {
            String why = shared ? "a matching export row also fits another unknown call"
                    : unreadable > 0 ? unreadable + " row(s) with an unreadable InitiatedAt could be the call"
                    : rows.size() + " export rows could be the call";
            return new Verdict.Flag(call, rows.size(), why + " (" + where + ")");
        }
        if (rows.size() == 1) {
            ExportRow row = rows.get(0);
            CallStatus outcome = outcome(row);
            if (outcome != null) {
                return new Verdict.Settle(call, outcome, row);
            }
            return row.sessionId() == null ? new Verdict.Wait(call, "matching row without sessionId or final status")
                    : new Verdict.SessionFound(call, row);
        }
        if (evidence.spanFrom().isAfter(windowStart(call)) || evidence.spanTo().isBefore(windowEnd(call))) {
            return new Verdict.Wait(call, "the export does not cover the send window and proof delay yet");
        }
        return new Verdict.NotPlaced(call, "8x8's log export (" + evidence.spanFrom() + " to " + evidence.spanTo()
                + ") has no call " + where);
    }

    private List<ExportRow> candidates(DueCall call, Evidence evidence) {
        String digits = ExportRow.digits(call.destination());
        List<ExportRow> rows = digits == null ? List.of() : evidence.byDestination().getOrDefault(digits, List.of());
        Instant from = windowStart(call);
        Instant to = windowEnd(call);
        List<ExportRow> matching = new ArrayList<>();
        for (ExportRow row : rows) {
            if (row.sessionId() != null && evidence.sessionsOfOtherCalls().contains(row.sessionId())) {
                continue; // another call of ours, already known by its sessionId
            }
            if (row.initiatedAtUnreadable()
                    || (row.initiatedAt() != null && !row.initiatedAt().isBefore(from) && !row.initiatedAt().isAfter(to))) {
                matching.add(row);
            }
        }
        return matching;
    }

    /** The message status a final row settles to; null while 8x8 shows the call as not over (or shows nothing). */
    static CallStatus outcome(ExportRow row) {
        String status = SummaryStatus.normalise(row.sessionStatus());
        if (status == null || !FINAL.contains(status)) {
            return null;
        }
        return SummaryStatus.toCallOutcome(status);
    }
}
