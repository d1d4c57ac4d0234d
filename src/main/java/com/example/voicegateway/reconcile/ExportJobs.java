package com.example.voicegateway.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one export job at 8x8 to its end: starts it, then polls with a doubling wait (capped) until 8x8 reports a
 * final state or the export timeout passes. Every state 8x8 reports is written to the export's row as it comes.
 */
class ExportJobs {

    private static final Logger log = LoggerFactory.getLogger(ExportJobs.class);

    /** 8x8's documented final states; anything else (queued, running, a state it may add) is polled again. */
    static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled", "empty", "error");

    /** A job that reached a final state (files only when it succeeded), or none in time. */
    record Finished(String status, List<String> files, String jobId) {
        boolean timedOut() {
            return status == null;
        }
    }

    private final ReportingClient client;
    private final ExportLog exports;
    private final Pause pause;
    private final Clock clock;

    ExportJobs(ReportingClient client, ExportLog exports, Pause pause, Clock clock) {
        this.client = client;
        this.exports = exports;
        this.pause = pause;
        this.clock = clock;
    }

    /**
     * @throws ReportingClient.ReportingException when 8x8 refuses or cannot be reached
     * @throws InterruptedException               when the instance is stopping
     */
    Finished run(long exportId, Instant from, Instant to) throws InterruptedException {
        String jobId = client.start(from, to);
        exports.job(exportId, jobId, "QUEUED");
        Instant giveUpAt = clock.instant().plus(ReconcileProperties.EXPORT_TIMEOUT);
        Duration wait = ReconcileProperties.POLL_INITIAL;
        String last = "queued";
        while (true) {
            pause.pause(wait);
            ReportingClient.JobState state = client.job(jobId);
            if (!state.status().equals(last)) {
                last = state.status();
                exports.job(exportId, null, statusColumn(last));
            }
            if (FINAL.contains(state.status())) {
                return new Finished(state.status(), state.files(), jobId);
            }
            if (!clock.instant().plus(wait).isBefore(giveUpAt)) {
                cancelQuietly(jobId);
                return new Finished(null, List.of(), jobId);
            }
            Duration doubled = wait.multipliedBy(2);
            wait = doubled.compareTo(ReconcileProperties.POLL_MAX) > 0 ? ReconcileProperties.POLL_MAX : doubled;
        }
    }

    /** The row's status for one of 8x8's states; undocumented ones are shown as RUNNING. */
    static String statusColumn(String state) {
        String upper = state.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "EMPTY", "ERROR" -> upper;
            default -> "RUNNING";
        };
    }

    private void cancelQuietly(String jobId) {
        try {
            client.cancel(jobId);
        } catch (RuntimeException e) {
            log.info("Cancelling the overdue export job {} failed: {}", jobId, e.getMessage());
        }
    }
}
