package com.example.voicegateway.reconcile;

import com.example.voicegateway.message.MessagesQueued;
import com.example.voicegateway.message.Reconciliation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * One export from request to verdicts: asks 8x8 for the span, reads its files, records costs, and applies what the
 * rows say about each due call. An export that does not finish with readable files settles nothing: the absence of
 * a row proves something only in a file that was read whole.
 */
class ExportProcessor {

    private static final Logger log = LoggerFactory.getLogger(ExportProcessor.class);

    /** Dispatch settings a NOT_PLACED verdict needs to decide between sending again and FAILED. */
    record Budget(int maxAttempts, Duration sendRoom) {
    }

    private final ExportJobs jobs;
    private final ReportingClient client;
    private final ExportLog exports;
    private final ReconcileStore store;
    private final SettlingRules rules;
    private final ReconcileMetrics metrics;
    private final ApplicationEventPublisher events;
    private final Budget budget;
    private final Clock clock;

    ExportProcessor(ExportJobs jobs, ReportingClient client, ExportLog exports, ReconcileStore store,
            SettlingRules rules, ReconcileMetrics metrics, ApplicationEventPublisher events, Budget budget,
            Clock clock) {
        this.jobs = jobs;
        this.client = client;
        this.exports = exports;
        this.store = store;
        this.rules = rules;
        this.metrics = metrics;
        this.events = events;
        this.budget = budget;
        this.clock = clock;
    }

    /** Runs the export already logged as {@code exportId}; never throws for 8x8's failures, only records them. */
    void process(long exportId, ExportLog.Kind kind, Instant from, Instant to, List<DueCall> due)
            throws InterruptedException {
        ExportJobs.Finished finished;
        try {
            finished = jobs.run(exportId, from, to);
        } catch (ReportingClient.ReportingException e) {
            fail(exportId, kind, "REFUSED", e.getMessage(), due.size(), 0);
            return;
        }
        if (finished.timedOut()) {
            fail(exportId, kind, "TIMED_OUT", "8x8's export job " + finished.jobId() + " did not finish in time",
                    due.size(), 0);
            return;
        }
        switch (finished.status()) {
            case "succeeded" -> {
                if (finished.files().isEmpty()) {
                    fail(exportId, kind, "ERROR", "8x8 reported the job succeeded but gave no file to download",
                            due.size(), 0);
                } else {
                    read(exportId, kind, from, to, due, finished.files());
                }
            }
            // 8x8's own word that the span holds no calls: evidence like a file with no rows.
            case "empty" -> apply(exportId, kind, from, to, due, reading(exportId, due), 0);
            default -> fail(exportId, kind, finished.status().toUpperCase(Locale.ROOT),
                    "8x8 ended the export job " + finished.jobId() + " as " + finished.status(), due.size(), 0);
        }
    }

    private void read(long exportId, ExportLog.Kind kind, Instant from, Instant to, List<DueCall> due,
            List<String> files) {
        ExportReading reading = reading(exportId, due);
        try {
            for (String link : files) {
                client.download(link, in -> ExportCsv.read(in, reading));
            }
            reading.flush();
        } catch (ReportingClient.ReportingException | ExportCsv.Unreadable e) {
            // Costs already stored stay (each is a fact on its own); no verdict from a file read in part.
            fail(exportId, kind, "ERROR", e.getMessage(), due.size(), reading.costed());
            return;
        }
        apply(exportId, kind, from, to, due, reading, files.size());
    }

    private ExportReading reading(long exportId, List<DueCall> due) {
        Set<String> sessions = new HashSet<>();
        Set<String> destinations = new HashSet<>();
        for (DueCall call : due) {
            if (call.sessionId() != null) {
                sessions.add(call.sessionId());
            }
            if (call.unknown() && ExportRow.digits(call.destination()) != null) {
                destinations.add(ExportRow.digits(call.destination()));
            }
        }
        return new ExportReading(sessions, destinations, rows -> store.recordCosts(exportId, rows, clock.instant()));
    }

    private void apply(long exportId, ExportLog.Kind kind, Instant from, Instant to, List<DueCall> due,
            ExportReading reading, int files) {
        Set<String> candidateSessions = new HashSet<>();
        reading.byDestination().values().forEach(rows -> rows.forEach(row -> {
            if (row.sessionId() != null) {
                candidateSessions.add(row.sessionId());
            }
        }));
        SettlingRules.Evidence evidence = new SettlingRules.Evidence(from, to, reading.bySession(),
                reading.byDestination(), store.knownSessions(candidateSessions));
        int settled = 0;
        int flagged = 0;
        int notPlaced = 0;
        int requeued = 0;
        List<ExportRow> newlyOurs = new ArrayList<>();
        for (Verdict verdict : rules.decide(due, evidence)) {
            Instant now = clock.instant();
            if (verdict instanceof Verdict.Settle settle) {
                if (store.settle(exportId, settle, now)) {
                    settled++;
                    metrics.settled(settle.outcome().name());
                    if (settle.call().sessionId() == null) {
                        newlyOurs.add(settle.row());
                    }
                }
            } else if (verdict instanceof Verdict.SessionFound found) {
                if (store.sessionFound(exportId, found, now)) {
                    metrics.settled("SESSION_FOUND");
                    newlyOurs.add(found.row());
                }
            } else if (verdict instanceof Verdict.Flag flag) {
                if (store.flag(exportId, flag, now)) {
                    flagged++;
                    metrics.settled("FLAGGED");
                    log.warn("Message {}: {}; flagged for ops", flag.call().messageId(), flag.detail());
                }
            } else if (verdict instanceof Verdict.NotPlaced none) {
                Reconciliation.NeverPlaced outcome = store.notPlaced(exportId, none, now, budget.maxAttempts(),
                        now.plus(budget.sendRoom()));
                if (outcome != Reconciliation.NeverPlaced.RACED) {
                    boolean again = outcome == Reconciliation.NeverPlaced.REQUEUED;
                    notPlaced++;
                    requeued += again ? 1 : 0;
                    metrics.settled(again ? "NOT_PLACED" : "NO_RECORD");
                    log.info("Message {}: 8x8 never placed the call; {}", none.call().messageId(),
                            again ? "sending it again" : "FAILED");
                }
            } else if (verdict instanceof Verdict.Wait wait) {
                log.debug("Message {}: {}", wait.call().messageId(), wait.reason());
            }
        }
        // Rows that just became ours (an unknown call's session) were passed over while reading.
        reading.costAfterwards(newlyOurs);
        if (requeued > 0) {
            events.publishEvent(new MessagesQueued(requeued));
        }
        ExportLog.Counts counts = new ExportLog.Counts(files, reading.rows(), due.size(), settled, flagged, notPlaced,
                reading.costed());
        exports.finish(exportId, files == 0 ? "EMPTY" : "SUCCEEDED", null, counts, clock.instant());
        metrics.export(kind.name(), files == 0 ? "EMPTY" : "SUCCEEDED");
        log.info("Log export {} ({} to {}): {} rows, {} calls checked, {} settled, {} flagged, {} never placed,"
                + " {} costs", exportId, from, to, reading.rows(), due.size(), settled, flagged, notPlaced,
                counts.costed());
    }

    private void fail(long exportId, ExportLog.Kind kind, String status, String error, int checked, int costed) {
        ExportLog.Counts counts = new ExportLog.Counts(0, 0, checked, 0, 0, 0, costed);
        exports.finish(exportId, status, error, counts, clock.instant());
        metrics.export(kind.name(), status);
        metrics.exportFailed(kind.name(), status);
        log.warn("Log export {} settled nothing: {} ({})", exportId, status, error);
    }
}
