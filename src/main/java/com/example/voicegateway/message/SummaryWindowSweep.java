package com.example.voicegateway.message;

import com.example.voicegateway.message.internal.LedgerEvents;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SUBMITTED call's last resort: no session summary and no log export settled it {@code window} after
 * validUntil, so it is FAILED, saying so, instead of waiting forever.
 */
@Component
public class SummaryWindowSweep {

    private final NamedParameterJdbcTemplate jdbc;
    private final LedgerEvents events;

    SummaryWindowSweep(NamedParameterJdbcTemplate jdbc, LedgerEvents events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * FAILs the SUBMITTED calls, and their messages, whose validUntil is more than {@code window} before {@code now}:
     * up to 1000, the rest are left for the next run. Returns their message ids. The moves and their callbacks commit
     * together.
     */
    @Transactional
    public List<UUID> failUnreported(Instant now, Duration window) {
        StatusGuards.require(CallStatus.SUBMITTED, CallStatus.FAILED);
        List<LedgerEvent.CallEnded> ended = new ArrayList<>();
        List<UUID> finished = new ArrayList<>();
        List<UUID> failed = jdbc.query("""
                WITH locked AS (
                    -- the messages first, as every writer of a message and its calls locks them
                    SELECT m.id, m.current_call FROM voice_message m
                     WHERE m.id IN (SELECT message_id FROM voice_call WHERE status = 'SUBMITTED' AND valid_until < :before
                                     LIMIT 1000)
                     FOR NO KEY UPDATE OF m SKIP LOCKED
                ), calls AS (
                    UPDATE voice_call c SET status = 'FAILED', ended_at = :now, last_error = :error,
                           version = c.version + 1, updated_at = :now
                      FROM locked WHERE c.message_id = locked.id AND c.call_number = locked.current_call
                       AND c.status = 'SUBMITTED' AND c.valid_until < :before
                    RETURNING c.message_id, c.call_number, c.kind
                ), finished AS (
                    UPDATE voice_message m SET outcome = 'FAILED', updated_at = :now
                      FROM calls WHERE m.id = calls.message_id AND m.outcome IS NULL
                    RETURNING m.id
                )
                SELECT calls.message_id, calls.call_number, calls.kind, finished.id IS NOT NULL AS finished
                  FROM calls LEFT JOIN finished ON finished.id = calls.message_id
                """, new MapSqlParameterSource()
                .addValue("error", "8x8 never reported the end of the call: no session summary and no log export"
                        + " settled it within " + window + " after validUntil")
                .addValue("now", Timestamp.from(now))
                .addValue("before", Timestamp.from(now.minus(window))), (rs, row) -> {
                    UUID id = rs.getObject(1, UUID.class);
                    ended.add(new LedgerEvent.CallEnded(id, rs.getInt(2), CallKind.valueOf(rs.getString(3)),
                            CallStatus.FAILED));
                    if (rs.getBoolean(4)) {
                        finished.add(id);
                    }
                    return id;
                });
        ended.forEach(events::publish);
        finished.forEach(id -> events.publish(new LedgerEvent.MessageFinished(id, MessageStatus.FAILED)));
        return failed;
    }
}
