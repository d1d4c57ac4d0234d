package com.example.voicegateway.audit;

import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import com.example.voicegateway.web.PageQuery;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Ops' view of the audit trail, newest first. */
@RestController
@RequestMapping("/admin/audit")
@Tag(name = "Admin")
class AuditController {

    static final int MAX_ACTOR_LENGTH = 200;
    /** Inside what PostgreSQL's timestamptz holds, and far beyond any real event. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuditEventView(long id, Instant occurredAt, String actor, String action, UUID messageId,
            AuditOutcome outcome, String detail) {
    }

    record AuditPage(List<AuditEventView> items, int page, int size, long totalElements) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    AuditController(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Operation(operationId = "listAuditEvents", summary = "The audit trail of ops actions, newest first",
            description = "from (inclusive) and to (exclusive) are ISO-8601 instants; actor is a key name. Ops key only.")
    @GetMapping
    AuditPage list(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) UUID messageId,
            @Valid PageQuery page) {
        List<FieldViolation> errors = new ArrayList<>();
        checkInRange("from", from, errors);
        checkInRange("to", to, errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldViolation("to", "must be after from"));
        }
        if (actor != null && (actor.isBlank() || actor.length() > MAX_ACTOR_LENGTH)) {
            errors.add(new FieldViolation("actor", "must be a key name of 1 to " + MAX_ACTOR_LENGTH + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        StringBuilder where = new StringBuilder(" WHERE true");
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (from != null) {
            where.append(" AND occurred_at >= :from");
            params.addValue("from", Timestamp.from(from));
        }
        if (to != null) {
            where.append(" AND occurred_at < :to");
            params.addValue("to", Timestamp.from(to));
        }
        if (actor != null) {
            where.append(" AND actor = :actor");
            params.addValue("actor", actor);
        }
        if (messageId != null) {
            where.append(" AND message_id = :messageId");
            params.addValue("messageId", messageId);
        }
        long total = jdbc.queryForObject("SELECT count(*) FROM audit_event" + where, params, Long.class);
        params.addValue("limit", page.size()).addValue("offset", page.offset());
        List<AuditEventView> items = jdbc.query("""
                SELECT id, occurred_at, actor, action, message_id, outcome, detail FROM audit_event"""
                + where + " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset", params,
                (rs, row) -> new AuditEventView(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("actor"), rs.getString("action"), rs.getObject("message_id", UUID.class),
                        AuditOutcome.valueOf(rs.getString("outcome")), rs.getString("detail")));
        return new AuditPage(items, page.page(), page.size(), total);
    }

    private static void checkInRange(String name, Instant value, List<FieldViolation> errors) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            errors.add(new FieldViolation(name, "must be between " + EARLIEST + " and " + LATEST));
        }
    }
}
