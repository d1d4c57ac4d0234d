package com.example.voicegateway.reconcile;

import static com.example.voicegateway.config.JdbcTime.instant;
import static com.example.voicegateway.config.JdbcTime.ts;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code reconcile_export} rows: one per export asked of 8x8, written as the job moves on. */
@Repository
class ExportLog {

    enum Kind { RECONCILE, DAILY_COST }

    /** Counts of what one export did, for its row and for ops. */
    record Counts(int files, int rowsRead, int callsChecked, int settled, int flagged, int notPlaced, int costed) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);
    }

    private final NamedParameterJdbcTemplate jdbc;

    ExportLog(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long start(Kind kind, String instance, Instant now, Instant from, Instant to, LocalDate costDay) {
        return jdbc.queryForObject("""
                INSERT INTO reconcile_export (kind, instance, started_at, span_from, span_to, cost_day, status)
                VALUES (:kind, :instance, :now, :from, :to, :day, 'REQUESTED')
                RETURNING id
                """, new MapSqlParameterSource()
                .addValue("kind", kind.name())
                .addValue("instance", instance)
                .addValue("now", ts(now))
                .addValue("from", ts(from))
                .addValue("to", ts(to))
                .addValue("day", costDay == null ? null : Date.valueOf(costDay)), Long.class);
    }

    void job(long id, String jobId, String status) {
        jdbc.update("UPDATE reconcile_export SET job_id = COALESCE(:jobId, job_id), status = :status WHERE id = :id",
                new MapSqlParameterSource().addValue("jobId", jobId).addValue("status", status).addValue("id", id));
    }

    void finish(long id, String status, String error, Counts counts, Instant now) {
        jdbc.update("""
                UPDATE reconcile_export
                   SET status = :status, error = :error, finished_at = :now, files = :files, rows_read = :rows,
                       calls_checked = :checked, settled = :settled, flagged = :flagged, not_placed = :notPlaced,
                       costed = :costed
                 WHERE id = :id
                """, new MapSqlParameterSource()
                .addValue("status", status)
                .addValue("error", error)
                .addValue("now", ts(now))
                .addValue("files", counts.files())
                .addValue("rows", counts.rowsRead())
                .addValue("checked", counts.callsChecked())
                .addValue("settled", counts.settled())
                .addValue("flagged", counts.flagged())
                .addValue("notPlaced", counts.notPlaced())
                .addValue("costed", counts.costed())
                .addValue("id", id));
    }

    /** When the last export of this kind was started by any instance; null if never. */
    Instant lastStarted(Kind kind) {
        List<Instant> last = jdbc.query("""
                SELECT max(started_at) FROM reconcile_export WHERE kind = :kind
                """, new MapSqlParameterSource("kind", kind.name()),
                (rs, n) -> instant(rs, 1));
        return last.isEmpty() ? null : last.get(0);
    }

    /** When the last cost export for this day was started (any outcome); null if never. */
    Instant lastCostAttempt(LocalDate day) {
        List<Instant> last = jdbc.query("""
                SELECT max(started_at) FROM reconcile_export WHERE kind = 'DAILY_COST' AND cost_day = :day
                """, new MapSqlParameterSource("day", Date.valueOf(day)),
                (rs, n) -> instant(rs, 1));
        return last.isEmpty() ? null : last.get(0);
    }

    boolean costDayDone(LocalDate day) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM reconcile_export WHERE kind = 'DAILY_COST' AND cost_day = :day
                                 AND status IN ('SUCCEEDED', 'EMPTY'))
                """, new MapSqlParameterSource("day", Date.valueOf(day)), Boolean.class));
    }
}
