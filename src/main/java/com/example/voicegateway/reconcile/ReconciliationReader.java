package com.example.voicegateway.reconcile;

import static com.example.voicegateway.config.JdbcTime.instant;

import com.example.voicegateway.web.PageQuery;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Ops' read side: exports, what each did, and the calls left for ops. */
@Repository
class ReconciliationReader {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ExportView(long id, String kind, String status, String instance, Instant startedAt, Instant finishedAt,
            Instant spanFrom, Instant spanTo, LocalDate costDay, String jobId, String error, int files, int rowsRead,
            int callsChecked, int settled, int flagged, int notPlaced, int costed, List<ActionView> actions) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ActionView(UUID messageId, int callNumber, Instant at, String action, String fromStatus, String toStatus,
            String sessionId, String detail) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FlagView(UUID messageId, int callNumber, long exportId, Instant flaggedAt, int candidates, String detail) {
    }

    private static final String EXPORT_COLUMNS = """
            id, kind, status, instance, started_at, finished_at, span_from, span_to, cost_day, job_id, error, files,
            rows_read, calls_checked, settled, flagged, not_placed, costed
            """;

    private final NamedParameterJdbcTemplate jdbc;

    ReconciliationReader(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<ExportView> exports(String kind, PageQuery page) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("kind", kind)
                .addValue("limit", page.size())
                .addValue("offset", page.offset());
        return jdbc.query("SELECT " + EXPORT_COLUMNS + """
                FROM reconcile_export WHERE (CAST(:kind AS text) IS NULL OR kind = :kind)
                ORDER BY started_at DESC, id DESC LIMIT :limit OFFSET :offset
                """, params, (rs, n) -> export(rs, null));
    }

    Optional<ExportView> export(long id) {
        List<ActionView> actions = jdbc.query("""
                SELECT message_id, call_number, at, action, from_status, to_status, session_id, detail
                FROM reconcile_action WHERE export_id = :id ORDER BY id
                """, new MapSqlParameterSource("id", id), (rs, n) -> new ActionView(
                rs.getObject("message_id", UUID.class), rs.getInt("call_number"), instant(rs, "at"),
                rs.getString("action"), rs.getString("from_status"), rs.getString("to_status"),
                rs.getString("session_id"), rs.getString("detail")));
        return jdbc.query("SELECT " + EXPORT_COLUMNS + " FROM reconcile_export WHERE id = :id",
                new MapSqlParameterSource("id", id), (rs, n) -> export(rs, actions)).stream().findFirst();
    }

    List<FlagView> flags() {
        return jdbc.query("""
                SELECT message_id, call_number, export_id, flagged_at, candidates, detail
                FROM reconcile_flag ORDER BY flagged_at, message_id
                """, (rs, n) -> new FlagView(rs.getObject("message_id", UUID.class), rs.getInt("call_number"),
                rs.getLong("export_id"), instant(rs, "flagged_at"), rs.getInt("candidates"), rs.getString("detail")));
    }

    private static ExportView export(ResultSet rs, List<ActionView> actions) throws SQLException {
        java.sql.Date day = rs.getDate("cost_day");
        return new ExportView(rs.getLong("id"), rs.getString("kind"), rs.getString("status"),
                rs.getString("instance"), instant(rs, "started_at"), instant(rs, "finished_at"),
                instant(rs, "span_from"), instant(rs, "span_to"), day == null ? null : day.toLocalDate(),
                rs.getString("job_id"), rs.getString("error"), rs.getInt("files"), rs.getInt("rows_read"),
                rs.getInt("calls_checked"), rs.getInt("settled"), rs.getInt("flagged"), rs.getInt("not_placed"),
                rs.getInt("costed"), actions);
    }
}
