package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * V6_1 on rows written by the schema before it: a schema of its own is migrated to V4, filled the way that version's
 * code wrote rows, then migrated to V6_1. Every message must come out with exactly one call in its own state.
 */
class VoiceCallMigrationTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    final String schema = "vg_mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @AfterEach
    void dropSchema() {
        jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Test
    void everyExistingMessageBecomesAMessageWithOneCallInItsState() {
        flyway("4").migrate();
        UUID queued = message("QUEUED", null, null);
        UUID sending = message("SENDING", null, "old-instance");
        UUID submitted = message("SUBMITTED", "sess-submitted", null);
        UUID unknown = message("UNKNOWN", null, null);
        UUID completed = message("COMPLETED", "sess-completed", null);
        UUID rejected = message("REJECTED", null, null);
        attempt(completed, 1, "RETRY");
        attempt(completed, 2, "SUBMITTED");
        long applied = summary(completed, "sess-completed", "APPLIED");
        summary(completed, "sess-completed", "DUPLICATE");

        flyway("6.1").migrate();

        List<Map<String, Object>> calls = jdbc.queryForList("SELECT * FROM " + schema + ".voice_call");
        assertThat(calls).hasSize(6).allSatisfy(call -> {
            assertThat(call).containsEntry("call_number", 1).containsEntry("kind", "FIRST");
            assertThat(call.get("client_request_id")).isEqualTo(call.get("message_id").toString());
            assertThat(call.get("destination")).isEqualTo("+6591234567");
        });
        assertThat(call(queued)).containsEntry("status", "QUEUED").containsEntry("ended_at", null);
        assertThat(call(sending)).containsEntry("status", "SENDING");
        assertThat(call(submitted)).containsEntry("status", "SUBMITTED").containsEntry("session_id", "sess-submitted");
        assertThat(call(unknown)).containsEntry("status", "UNKNOWN");
        assertThat(call(unknown).get("unknown_at")).isNotNull();
        assertThat(call(completed)).containsEntry("status", "COMPLETED").containsEntry("session_id", "sess-completed")
                .containsEntry("summary_id", applied);
        assertThat(call(completed).get("started_at")).isNotNull();
        assertThat(call(completed).get("ended_at")).isNotNull();
        assertThat(call(rejected)).containsEntry("status", "REJECTED");

        Map<String, Object> message = jdbc.queryForMap("SELECT * FROM " + schema + ".voice_message WHERE id = ?",
                completed);
        assertThat(message).containsEntry("max_calls", 1).containsEntry("current_call", 1)
                .containsEntry("redial_on", "NO_ANSWER,BUSY").containsEntry("fallback_destinations", null);
        // A row the old version may have been posting when it stopped counts as a POST begun: never re-sent.
        assertThat(jdbc.queryForObject("SELECT post_started_at IS NOT NULL FROM " + schema
                + ".voice_message WHERE id = ?", Boolean.class, sending)).isTrue();
        assertThat(jdbc.queryForObject("SELECT post_started_at IS NULL FROM " + schema
                + ".voice_message WHERE id = ?", Boolean.class, queued)).isTrue();
        assertThat(jdbc.queryForList("SELECT call_number FROM " + schema + ".dispatch_attempt", Integer.class))
                .containsOnly(1).hasSize(2);
        assertThat(jdbc.queryForList("SELECT call_number FROM " + schema + ".session_summary", Integer.class))
                .containsOnly(1).hasSize(2);
    }

    @Test
    void theCallStatusCheckAcceptsEveryCallStatusAndTheKindCheckEveryKind() {
        // After every migration: later ones (V7_1, acknowledgement) widen the check for their statuses.
        flyway("latest").migrate();
        String status = jdbc.queryForObject("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conname = 'voice_call_status_known' AND connamespace = ?::regnamespace", String.class,
                schema);
        for (CallStatus s : CallStatus.values()) {
            assertThat(status).contains("'" + s.name() + "'");
        }
        String kind = jdbc.queryForObject("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conname = 'voice_call_kind_known' AND connamespace = ?::regnamespace", String.class, schema);
        for (CallKind k : CallKind.values()) {
            assertThat(kind).contains("'" + k.name() + "'");
        }
    }

    private Flyway flyway(String target) {
        return Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations("classpath:db/migration").target(target).load();
    }

    private Map<String, Object> call(UUID messageId) {
        return jdbc.queryForMap("SELECT * FROM " + schema + ".voice_call WHERE message_id = ?", messageId);
    }

    /** A row as V1 to V4's intake and dispatch wrote it. */
    private UUID message(String status, String sessionId, String leaseOwner) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        jdbc.update("INSERT INTO " + schema + ".voice_message (id, client_name, status, destination, source, text,"
                + " voice_profile, repetition, speed, valid_until, created_at, updated_at, attempts, next_attempt_at,"
                + " lease_owner, lease_until, session_id)"
                + " VALUES (?, 'alpha', ?, '+6591234567', '+6568880000', 'hi', 'en-US-Neural2-C', 1, 1, ?, ?, ?, ?, ?,"
                + " ?, ?, ?)",
                id, status, ts(now.plusSeconds(3600)), ts(now.minusSeconds(60)), ts(now),
                status.equals("QUEUED") ? 0 : 1, status.equals("QUEUED") ? ts(now) : null, leaseOwner,
                leaseOwner == null ? null : ts(now.plusSeconds(120)), sessionId);
        return id;
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private void attempt(UUID messageId, int number, String outcome) {
        jdbc.update("INSERT INTO " + schema + ".dispatch_attempt (message_id, attempt_number, started_at, outcome)"
                + " VALUES (?, ?, now() - interval '30 seconds', ?)", messageId, number, outcome);
    }

    private long summary(UUID messageId, String sessionId, String outcome) {
        return jdbc.queryForObject("INSERT INTO " + schema + ".session_summary (received_at, raw, session_id,"
                + " client_request_id, session_status, mapped_status, message_id, matched_at, outcome)"
                + " VALUES (now(), '{}'::jsonb, ?, ?, 'COMPLETED', 'COMPLETED', ?, now(), ?) RETURNING id",
                Long.class, sessionId, messageId.toString(), messageId, outcome);
    }
}
