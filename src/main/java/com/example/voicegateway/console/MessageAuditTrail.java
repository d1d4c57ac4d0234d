package com.example.voicegateway.console;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit trail's entries about one message (what {@code GET /admin/audit?messageId=} lists), oldest first: the
 * story says which ops key canceled a message, tried to, or delivered its callback again. A cancel by the client's
 * own key is not audited, so a canceled message without an ops cancel here was canceled by its client.
 */
@Component
class MessageAuditTrail {

    private final JdbcTemplate jdbc;

    MessageAuditTrail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<StoryTeller.OpsAction> of(UUID messageId) {
        return jdbc.query("SELECT occurred_at, actor, action, outcome, detail FROM audit_event WHERE message_id = ?"
                + " ORDER BY occurred_at, id LIMIT 100", (rs, n) -> new StoryTeller.OpsAction(
                rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                messageId);
    }
}
