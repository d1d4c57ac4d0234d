package com.example.voicegateway.webhook;

import com.example.voicegateway.message.SecondSessionLookup;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** A second session of a call is known from the summaries stored with outcome SECOND_SESSION. */
@Component
class StoredSecondSessions implements SecondSessionLookup {

    private final NamedParameterJdbcTemplate jdbc;

    StoredSecondSessions(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean hadSecondSession(UUID messageId, int callNumber) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM session_summary
                                WHERE message_id = :messageId AND call_number = :n AND outcome = 'SECOND_SESSION')
                """, new MapSqlParameterSource().addValue("messageId", messageId).addValue("n", callNumber),
                Boolean.class));
    }
}
