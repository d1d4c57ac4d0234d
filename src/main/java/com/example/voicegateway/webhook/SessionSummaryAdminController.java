package com.example.voicegateway.webhook;

import static com.example.voicegateway.config.JdbcTime.instant;

import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import com.example.voicegateway.web.PageQuery;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Ops' view of stored session summaries, above all the ones no message has claimed yet. */
@RestController
@RequestMapping("/admin/session-summaries")
@Tag(name = "Admin")
class SessionSummaryAdminController {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StoredSummary(long id, Instant receivedAt, String eventType, String sessionId, String clientRequestId,
            String sessionStatus, String mappedStatus, UUID messageId, Instant matchedAt, String outcome) {
    }

    record SummaryPage(List<StoredSummary> items, int page, int size) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    SessionSummaryAdminController(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Operation(operationId = "listSessionSummaries", summary = "Stored session summaries, newest first",
            description = "matched=false lists summaries not linked to any message yet; outcome filters by APPLIED,"
                    + " DUPLICATE, CONFLICT, SECOND_SESSION, UNMATCHED or IGNORED. Ops key only.")
    @GetMapping
    SummaryPage list(@RequestParam(required = false) Boolean matched,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) UUID messageId,
            @Valid PageQuery page) {
        List<FieldViolation> errors = new ArrayList<>();
        SummaryStore.Outcome wanted = null;
        if (outcome != null) {
            try {
                wanted = SummaryStore.Outcome.valueOf(outcome.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldViolation("outcome", "must be one of APPLIED, DUPLICATE, CONFLICT, SECOND_SESSION, UNMATCHED, IGNORED"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        StringBuilder sql = new StringBuilder("""
                SELECT id, received_at, event_type, session_id, client_request_id, session_status, mapped_status,
                       message_id, matched_at, outcome
                FROM session_summary WHERE true
                """);
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (matched != null) {
            sql.append(matched ? " AND message_id IS NOT NULL" : " AND message_id IS NULL");
        }
        if (wanted != null) {
            sql.append(" AND outcome = :outcome");
            params.addValue("outcome", wanted.name());
        }
        if (messageId != null) {
            sql.append(" AND message_id = :messageId");
            params.addValue("messageId", messageId);
        }
        sql.append(" ORDER BY id DESC LIMIT :limit OFFSET :offset");
        params.addValue("limit", page.size()).addValue("offset", page.offset());
        List<StoredSummary> items = jdbc.query(sql.toString(), params, (rs, row) -> new StoredSummary(
                rs.getLong("id"), instant(rs, "received_at"), rs.getString("event_type"),
                rs.getString("session_id"), rs.getString("client_request_id"), rs.getString("session_status"),
                rs.getString("mapped_status"), rs.getObject("message_id", UUID.class),
                instant(rs, "matched_at"),
                rs.getString("outcome")));
        return new SummaryPage(items, page.page(), page.size());
    }
}
