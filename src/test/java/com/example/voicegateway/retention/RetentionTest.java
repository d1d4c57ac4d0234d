package com.example.voicegateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.LifetimeProperties;
import com.example.voicegateway.support.IntegrationTest;
import com.example.voicegateway.support.MovableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpRequest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Retention driven by a clock the test moves: nothing is erased or deleted a day early, everything a day late. */
class RetentionTest extends IntegrationTest {

    @Autowired
    RetentionStore store;

    @Autowired
    LifetimeProperties lifetime;

    final MovableClock clock = new MovableClock(Instant.now());
    final MeterRegistry meters = new SimpleMeterRegistry();
    RetentionSweeper sweeper;

    @BeforeEach
    void sweeperOnTheTestsClock() {
        jdbc.execute("DELETE FROM session_summary");
        sweeper = new RetentionSweeper(store, lifetime.retention(), RetentionProperties.BATCH_SIZE, clock, meters);
    }

    @Test
    void personalDataOfAFinishedMessageIsErasedAfterThirtyDaysAndTheRestStays() {
        UUID sent = accept("""
                {"destination":"+6591178965","text":"Your PIN is 4711","clientReference":"order-6591178965",
                 "fallbackDestinations":["+6598765432"]}""");
        summary(sent, "+6591178965");
        jdbc.update("""
                INSERT INTO dispatch_attempt (message_id, attempt_number, started_at, http_status, status_code,
                    status_message, outcome, error)
                VALUES (?, 1, now(), 200, 1, 'Created', 'CREATED', 'retry after refusal for 6591178965')""", sent);
        jdbc.update("""
                INSERT INTO callback_event (id, message_id, sequence, type, client_name, url, host, payload, status,
                    created_at, updated_at)
                VALUES (?, ?, 1, 'message.completed', 'alpha', 'https://hooks.example.com/x', 'hooks.example.com',
                    ?, 'DELIVERED', now(), now())""", UUID.randomUUID(), sent, """
                {"type":"message.completed","data":{"id":"%s","destination":"+6591178965","text":"Your PIN is 4711",
                 "clientReference":"order-6591178965","calls":[{"destination":"+6591178965"}]}}""".formatted(sent));
        UUID queued = accept("""
                {"destination":"+6591234567","audioUrl":"https://example.com/a.mp3"}""");

        clock.advance(Duration.ofDays(29));
        assertThat(sweeper.sweep().erasedMessages()).isZero();

        clock.advance(Duration.ofDays(2));
        RetentionSweeper.Swept swept = sweeper.sweep();

        assertThat(swept.erasedMessages()).isEqualTo(1);
        assertThat(swept.erasedSummaries()).isEqualTo(1);
        JsonNode view = get("/voice-messages/" + sent, OPS_KEY).json();
        assertThat(view.get("personalDataErasedAt").asString()).isNotBlank();
        for (String erased : new String[] {"text", "audioUrl", "clientReference"}) {
            assertThat(view.has(erased)).as(erased).isFalse();
        }
        // Numbers keep what the logs show of them: country code and last four digits.
        assertThat(view.get("destination").asString()).isEqualTo("+65****8965");
        assertThat(view.get("source").asString()).isEqualTo("+65****0000");
        assertThat(view.get("fallbackDestinations").get(0).asString()).isEqualTo("+65****5432");
        assertThat(view.get("calls").get(0).get("destination").asString()).isEqualTo("+65****8965");
        assertThat(view.toString()).doesNotContain("6591178965").doesNotContain("6598765432")
                .doesNotContain("6568880000");
        assertThat(view.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(view.get("createdAt").asString()).isNotBlank();
        assertThat(view.get("attempts")).hasSize(1);
        assertThat(view.get("summary").get("callDuration").asInt()).isEqualTo(13);
        assertThat(view.get("summary").get("sessionStatus").asString()).isEqualTo("COMPLETED");
        String raw = jdbc.queryForObject("SELECT raw::text FROM session_summary WHERE message_id = ?", String.class, sent);
        assertThat(raw).doesNotContain("6591178965").doesNotContain("12314377870")
                .contains("+65****8965").contains("+1****7870").contains(sent.toString());
        String callback = jdbc.queryForObject("SELECT payload FROM callback_event WHERE message_id = ?", String.class,
                sent);
        assertThat(callback).doesNotContain("6591178965").doesNotContain("PIN").doesNotContain("clientReference")
                .contains("\"destination\":\"+65****8965\"").contains(sent.toString());
        assertThat(jdbc.queryForObject("SELECT error FROM dispatch_attempt WHERE message_id = ?", String.class, sent))
                .isEqualTo("retry after refusal for +65****8965");
        // A message not yet finished keeps what dispatch still needs.
        JsonNode stillQueued = get("/voice-messages/" + queued, OPS_KEY).json();
        assertThat(stillQueued.get("destination").asString()).isEqualTo("+6591234567");
        assertThat(stillQueued.has("personalDataErasedAt")).isFalse();
        assertThat(meters.get("voice_gateway.retention.erased").tag("table", "message").counter().count())
                .isEqualTo(1.0);

        // A second run finds nothing left to do.
        RetentionSweeper.Swept again = sweeper.sweep();
        assertThat(again.erasedMessages() + again.erasedSummaries()).isZero();
    }

    @Test
    void finishedMessagesAreDeletedWithEverythingAttachedAfterFourHundredDays() {
        UUID sent = accept("""
                {"destination":"+6591178965","text":"Hello"}""");
        summary(sent, "+6591178965");
        summary(UUID.randomUUID(), "+6591000000"); // unmatched: no such message
        jdbc.update("""
                INSERT INTO dispatch_attempt (message_id, attempt_number, started_at, outcome)
                VALUES (?, 1, now(), 'CREATED')""", sent);

        clock.advance(Duration.ofDays(399));
        RetentionSweeper.Swept early = sweeper.sweep();
        assertThat(early.deletedMessages()).isZero();
        assertThat(early.erasedSummaries()).isEqualTo(2);
        assertThat(count("voice_message")).isEqualTo(1);

        clock.advance(Duration.ofDays(2));
        RetentionSweeper.Swept swept = sweeper.sweep();

        assertThat(swept.deletedMessages()).isEqualTo(1);
        assertThat(swept.deletedSummaries()).isEqualTo(1);
        assertThat(count("voice_message")).isZero();
        assertThat(count("dispatch_attempt")).isZero();
        assertThat(count("session_summary")).isZero();
        assertThat(get("/voice-messages/" + sent, OPS_KEY).status()).isEqualTo(404);
        assertThat(meters.get("voice_gateway.retention.deleted").tag("table", "message").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void callActionEventsAndReconciliationNotesLoseTheirNumbersAndUnmatchedEventsGoByTheirOwnAge() {
        UUID sent = accept("""
                {"destination":"+6591178965","text":"Hello"}""");
        summary(sent, "+6591178965");
        callAction(sent, callActionPayload("+6591178965"), null);
        callAction(sent, null, "{\"payload\":{\"destination\":\"+6591178965\",\"x\":\"\\u0000\"}");
        callAction(null, callActionPayload("+6598765432"), null);
        callAction(null, null, "cut off {\"destination\":\"+6598765432");
        long export = jdbc.queryForObject("""
                INSERT INTO reconcile_export (kind, instance, started_at, span_from, span_to, status)
                VALUES ('RECONCILE', 'test', now(), now(), now(), 'SUCCEEDED') RETURNING id""", Long.class);
        jdbc.update("""
                INSERT INTO reconcile_action (export_id, message_id, at, action, from_status, detail)
                VALUES (?, ?, now(), 'FLAGGED', 'UNKNOWN', ?)""",
                export, sent, "left for ops: 2 export rows could be the call (to 6591178965)");
        jdbc.update("""
                INSERT INTO reconcile_flag (message_id, export_id, flagged_at, candidates, detail)
                VALUES (?, ?, now(), 2, 'left for ops: 2 export rows could be the call (to +6591178965)')""",
                sent, export);

        clock.advance(Duration.ofDays(29));
        assertThat(sweeper.sweep().erasedCallActions()).isZero();

        clock.advance(Duration.ofDays(2));
        RetentionSweeper.Swept swept = sweeper.sweep();

        assertThat(swept.erasedMessages()).isEqualTo(1);
        assertThat(swept.erasedCallActions()).isEqualTo(4);
        String events = jdbc.queryForObject(
                "SELECT string_agg(COALESCE(raw::text, raw_text), ' ') FROM call_action_event", String.class);
        assertThat(events).doesNotContain("6591178965").doesNotContain("6598765432").doesNotContain("6568880000")
                .contains("+65****8965").contains("+65****5432").contains("+65****0000")
                .contains("CALL_ACTION").contains("2024-05-16T04:12:11.217Z");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM call_action_event WHERE personal_data_erased_at IS NULL",
                Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT detail FROM reconcile_action WHERE message_id = ?", String.class, sent))
                .isEqualTo("left for ops: 2 export rows could be the call (to +65****8965)");
        assertThat(jdbc.queryForObject("SELECT detail FROM reconcile_flag WHERE message_id = ?", String.class, sent))
                .isEqualTo("left for ops: 2 export rows could be the call (to +65****8965)");
        assertThat(meters.get("voice_gateway.retention.erased").tag("table", "call_action_event").counter().count())
                .isEqualTo(4.0);
        assertThat(sweeper.sweep().erasedCallActions()).as("masked rows are not read again").isZero();

        // One that reaches the message after its erasure follows its own age, like a late summary.
        callAction(sent, callActionPayload("+6591178965"), null);
        clock.advance(Duration.ofDays(31));
        assertThat(sweeper.sweep().erasedCallActions()).isEqualTo(1);

        clock.advance(Duration.ofDays(339));
        RetentionSweeper.Swept deleted = sweeper.sweep();
        assertThat(deleted.deletedMessages()).isEqualTo(1);
        assertThat(deleted.deletedCallActions()).isEqualTo(2);
        assertThat(count("call_action_event")).isZero();
        assertThat(count("reconcile_action") + count("reconcile_flag")).isZero();
        assertThat(meters.get("voice_gateway.retention.deleted").tag("table", "call_action_event").counter().count())
                .isEqualTo(2.0);
        jdbc.update("DELETE FROM reconcile_export WHERE id = ?", export);
    }

    @Test
    void largeBacklogsGoInBatchesAndARowHeldByAnotherWriterIsSkippedNotWaitedFor() throws Exception {
        for (int i = 0; i < 7; i++) {
            UUID id = accept("{\"destination\":\"+659117896" + i + "\",\"text\":\"Hello\"}");
            summary(id, "+659117896" + i);
        }
        UUID held = jdbc.queryForObject("SELECT id FROM message_state ORDER BY created_at LIMIT 1", UUID.class);
        clock.advance(Duration.ofDays(31));
        RetentionSweeper batched = new RetentionSweeper(store, lifetime.retention(), 2, clock, meters);

        // Another transaction holds one message (as a late webhook would): the sweep must not wait for it.
        try (var connection = jdbc.getDataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (var lock = connection.prepareStatement("SELECT 1 FROM voice_message WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, held);
                lock.executeQuery();
            }
            long started = System.nanoTime();
            RetentionSweeper.Swept swept = batched.sweep();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(swept.erasedMessages()).isEqualTo(6);
            connection.rollback();
        }
        assertThat(batched.sweep().erasedMessages()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM message_state WHERE personal_data_erased_at IS NULL",
                Integer.class)).isZero();
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
    }

    private UUID accept(String json) {
        Answer answer = post("/voice-messages", ALPHA_KEY, json);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        return UUID.fromString(answer.json().get("id").asString());
    }

    /** A call action event as the webhook stores it, received at the test clock's now. */
    private void callAction(UUID messageId, String raw, String rawText) {
        jdbc.update("""
                INSERT INTO call_action_event (received_at, raw, raw_text, event_type, session_id, dtmf, message_id,
                    call_number, answer, outcome)
                VALUES (?, CAST(? AS jsonb), ?, 'CALL_ACTION', 's-1', '1', ?, ?, 'HANGUP', ?)""",
                Timestamp.from(clock.instant()), raw, rawText, messageId, messageId == null ? null : 1,
                messageId == null ? "UNMATCHED" : "NOT_ACKNOWLEDGED");
    }

    /** 8x8's documented Voice Call Action body for a call from the sandbox's caller id to {@code destination}. */
    private static String callActionPayload(String destination) {
        return """
                {"namespace": "VOICE", "eventType": "CALL_ACTION", "payload": {"eventId": "e-1",
                  "callId": "627e25f1-133a-11ef-b08c-e33c09483244", "sessionId": "s-1",
                  "callStatus": "ACTION_COMPLETED", "source": "+6568880000", "destination": "%s",
                  "eventData": {"dtmf": "1"}, "timestamp": "2024-05-16T04:12:11.217Z"}}""".formatted(destination);
    }

    /** 8x8's documented success summary for the message, calling {@code destination}. */
    private void summary(UUID messageId, String destination) {
        String body = """
                {"payload":{"sessionId":"%s","clientRequestId":"%s","sessionStatus":"COMPLETED",
                  "startTime":"2024-03-25T06:01:30Z","endTime":"2024-03-25T06:01:50Z","lastAction":"MAKE_CALL",
                  "callCount":1,"details":{"callA":{"callId":"1f048a83-ea6d-11ee-911b-e9023a97c284",
                  "callDirection":"OUTBOUND","callType":"PSTN","initiatedTimestamp":"2024-03-25T06:01:28Z",
                  "connectedTimestamp":"2024-03-25T06:01:37Z","disconnectedTimestamp":"2024-03-25T06:01:50Z",
                  "source":"+12314377870","destination":"%s","callStatus":"COMPLETED","callDuration":13}}},
                 "namespace":"VOICE","eventType":"SESSION_SUMMARY"}""".formatted(UUID.randomUUID(), messageId,
                destination);
        Answer answer = send(request("/webhooks/8x8/voice-session-summary", null)
                .header("Authorization", "Bearer test-webhook-secret")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
    }
}
