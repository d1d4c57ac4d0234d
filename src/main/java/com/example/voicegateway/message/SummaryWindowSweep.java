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
        StatusGuards.require(MessageStatus.SUBMITTED, MessageStatus.FAILED);
        StatusGuards.require(CallStatus.SUBMITTED, CallStatus.FAILED);
        List<LedgerEvent.CallEnded> ended = new ArrayList<>();
        List<UUID> failed = jdbc.query("""
                WITH m AS (
                    UPDATE voice_message
                       SET status = 'FAILED', last_error = :error, version = version + 1, updated_at = :now
                     WHERE id IN (SELECT id FROM voice_message WHERE status = 'SUBMITTED' AND valid_until < :before
                                  LIMIT 1000 FOR UPDATE SKIP LOCKED)
                    RETURNING id, current_call
                ), calls AS (
                    UPDATE voice_call c SET status = 'FAILED', ended_at = :now
                      FROM m WHERE c.message_id = m.id AND c.call_number = m.current_call AND c.status = 'SUBMITTED'
                    RETURNING c.message_id, c.call_number, c.kind
                )
                SELECT m.id, calls.call_number, calls.kind FROM m LEFT JOIN calls ON calls.message_id = m.id
                """, new MapSqlParameterSource()
                .addValue("error", "8x8 never reported the end of the call: no session summary and no log export"
                        + " settled it within " + window + " after validUntil")
                .addValue("now", Timestamp.from(now))
                .addValue("before", Timestamp.from(now.minus(window))), (rs, row) -> {
                    UUID id = rs.getObject(1, UUID.class);
                    if (rs.getString(3) != null) {
                        ended.add(new LedgerEvent.CallEnded(id, rs.getInt(2), CallKind.valueOf(rs.getString(3)),
                                CallStatus.FAILED));
                    }
                    return id;
                });
        ended.forEach(events::publish);
        failed.forEach(id -> events.publishIfFinal(id, MessageStatus.FAILED));
        return failed;
    }
}
