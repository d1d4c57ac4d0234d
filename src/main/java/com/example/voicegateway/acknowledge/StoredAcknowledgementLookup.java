package com.example.voicegateway.acknowledge;

import com.example.voicegateway.message.AcknowledgementLookup;
import com.example.voicegateway.message.AcknowledgementView;
import java.sql.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The key reported for a call, from its stored call action events: the right key if it ever came, otherwise the
 * latest report. Goes by sessionId, so it also finds events that arrived before the call's sessionId was known. The
 * ledger asks {@link #pressed} when a call completes: this is how it learns of keys without reading this feature's
 * table.
 */
@Component
class StoredAcknowledgementLookup implements AcknowledgementLookup {

    private static final String FIND = """
            SELECT dtmf, received_at FROM call_action_event
            WHERE session_id = ? AND outcome <> 'IGNORED'
            ORDER BY (dtmf IS NOT DISTINCT FROM ?) DESC, id DESC
            LIMIT 1
            """;

    private static final String PRESSED = """
            SELECT EXISTS (SELECT 1 FROM call_action_event
                            WHERE session_id = ? AND dtmf = ? AND outcome <> 'IGNORED')
            """;

    private final JdbcTemplate jdbc;

    StoredAcknowledgementLookup(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public AcknowledgementView find(String sessionId, String expectedDigit) {
        return jdbc.query(FIND, (rs, row) -> {
            String pressed = rs.getString("dtmf");
            Timestamp at = rs.getTimestamp("received_at");
            return new AcknowledgementView(expectedDigit, pressed, pressed == null ? null : at.toInstant());
        }, sessionId, expectedDigit).stream().findFirst()
                .orElse(new AcknowledgementView(expectedDigit, null, null));
    }

    @Override
    public boolean pressed(String sessionId, String digit) {
        return Boolean.TRUE.equals(jdbc.queryForObject(PRESSED, Boolean.class, sessionId, digit));
    }
}
