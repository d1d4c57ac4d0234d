package com.example.voicegateway.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records an ops action: one {@code audit_event} row and one log line (logger {@code audit}). Called inside the
 * action's transaction, the row commits or rolls back with the action, so no action is kept without its record.
 * The detail must hold no secret and no phone number: it is shown to every ops key and logged.
 */
@Component
public class AuditLog {

    static final int MAX_DETAIL_LENGTH = 500;
    private static final Logger log = LoggerFactory.getLogger("audit");

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    AuditLog(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * @param actor     the key name of whoever acted ({@code Caller.name()})
     * @param action    what, as {@code <feature>.<verb>}, e.g. {@code message.cancel}
     * @param messageId the message acted on, or null
     * @param detail    a short human explanation, or null
     */
    public void record(String actor, String action, UUID messageId, AuditOutcome outcome, String detail) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String cleanDetail = clean(detail);
        jdbc.update("""
                INSERT INTO audit_event (occurred_at, actor, action, message_id, outcome, detail)
                VALUES (:occurredAt, :actor, :action, :messageId, :outcome, :detail)
                """, new MapSqlParameterSource()
                .addValue("occurredAt", java.sql.Timestamp.from(now))
                .addValue("actor", actor)
                .addValue("action", action)
                .addValue("messageId", messageId)
                .addValue("outcome", outcome.name())
                .addValue("detail", cleanDetail));
        log.info("audit actor={} action={} messageId={} outcome={} detail={}", actor, action, messageId, outcome,
                cleanDetail);
    }

    /** One line, bounded: a detail quoting an 8x8 answer must not split or flood the log. */
    private static String clean(String detail) {
        if (detail == null) {
            return null;
        }
        String oneLine = detail.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
        return oneLine.length() > MAX_DETAIL_LENGTH ? oneLine.substring(0, MAX_DETAIL_LENGTH) + "…" : oneLine;
    }
}
