package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.TestDatabase;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V15_1 (the call is the outbox row) on rows written by the schema before it: a schema of its own is migrated to
 * V14_2, filled the way that version's code wrote rows (a message in every status, with its calls and the rows that
 * point at it), then migrated to V15_1. Each message's dispatch state must come out on its current call, its final
 * status as its outcome, and {@code message_state} must show every message as the old row did. The schema is written
 * and migrated once for the class: every test only reads it.
 *
 * <p>No Spring context: this version's application code still reads the columns V15_1 drops, so a context would
 * not start on the new schema. Plain JDBC against the run's database ({@link TestDatabase}), container or local.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallOutboxMigrationTest {

    /** Microseconds, as PostgreSQL keeps them, so a time read back equals the one written. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    /** When the old code last wrote each message row, unless a case says otherwise. */
    private static final Instant UPDATED = NOW.minusSeconds(30);

    private static final Set<String> IN_FLIGHT = Set.of("QUEUED", "SENDING", "SUBMITTED", "UNKNOWN");
    /** The columns V15_1 moves from the message to its current call. */
    private static final List<String> DISPATCH_COLUMNS = List.of("attempts", "next_attempt_at", "waiting_for",
            "lease_owner", "lease_until", "post_started_at", "last_error", "session_id", "call_flow_request_id",
            "status_code", "status_message");
    /** Tables whose rows point at messages or calls; V15_1 must not touch them. */
    private static final Map<String, String> UNTOUCHED_TABLES = Map.of(
            "session_summary", "id", "call_action_event", "id", "callback_event", "id",
            "dispatch_attempt", "id", "reconcile_export", "id", "reconcile_action", "id",
            "reconcile_flag", "message_id, call_number", "call_cost", "session_id");

    private final String schema = "vg_mig15_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private DriverManagerDataSource dataSource;
    private JdbcTemplate jdbc;

    /** Every message written, by the name of its case (assertion messages say which one failed). */
    private final Map<String, UUID> messages = new LinkedHashMap<>();
    private UUID sendingClaimed;
    private UUID sendingPosted;
    private UUID twoCalls;
    private UUID finalWithQueuedCall;

    // What the V14_2 schema held, read just before migrating.
    private Map<UUID, Map<String, Object>> oldMessages;
    private Map<String, Map<String, Object>> oldCalls;
    private Map<String, List<Map<String, Object>>> oldUntouched;

    @BeforeAll
    void writeOldRowsAndMigrate() {
        TestDatabase.Location database = TestDatabase.location();
        dataSource = new DriverManagerDataSource(database.url(), database.username(), database.password());
        // Unqualified names in the rows below, as in the code that wrote them, resolve to this test's schema.
        Properties properties = new Properties();
        properties.setProperty("currentSchema", schema);
        dataSource.setConnectionProperties(properties);
        jdbc = new JdbcTemplate(dataSource);

        flyway("14.2").migrate();
        writeOldRows();
        oldMessages = byKey(jdbc.queryForList("SELECT * FROM voice_message"), r -> (UUID) r.get("id"));
        oldCalls = byKey(jdbc.queryForList("SELECT * FROM voice_call"), CallOutboxMigrationTest::callKey);
        oldUntouched = new HashMap<>();
        UNTOUCHED_TABLES.forEach((table, order) -> oldUntouched.put(table, rows(table, order)));

        flyway("15.1").migrate();
    }

    @AfterAll
    void dropSchema() {
        if (jdbc != null) {
            jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void everyCurrentCallCarriesItsMessagesDispatchState() {
        messages.forEach((name, id) -> {
            Map<String, Object> message = oldMessages.get(id);
            Map<String, Object> call = call(id, (Integer) message.get("current_call"));
            // Every old status is also a call status: in flight it moves onto the call, final it was the call's own.
            assertThat(call).as(name).containsEntry("status", message.get("status"));
            for (String column : DISPATCH_COLUMNS) {
                assertThat(call).as("%s: %s", name, column).containsEntry(column, message.get(column));
            }
            assertThat(call).as(name).containsEntry("client_name", message.get("client_name"))
                    .containsEntry("priority", message.get("priority"))
                    .containsEntry("valid_until", message.get("valid_until"))
                    .containsEntry("updated_at", message.get("updated_at"))
                    .containsEntry("version", 0L);
        });
    }

    @Test
    void aClaimedMessageMakesItsCallSendingWithTheLeaseAndPostMarkAsTheyWere() {
        // The old claim left the call QUEUED until its POST began; the new claim moves the call itself, and
        // post_started_at (NULL here) is what still tells "nothing was sent" from "a POST may have begun".
        assertThat(call(sendingClaimed, 1)).containsEntry("status", "SENDING")
                .containsEntry("lease_owner", "gw-old-1").containsEntry("lease_until", ts(NOW.plusSeconds(60)))
                .containsEntry("post_started_at", null).containsEntry("started_at", null)
                .containsEntry("ended_at", null).containsEntry("attempts", 1);
        assertThat(call(sendingPosted, 1)).containsEntry("status", "SENDING")
                .containsEntry("lease_owner", "gw-old-2").containsEntry("lease_until", ts(NOW.plusSeconds(45)))
                .containsEntry("post_started_at", ts(NOW.minusSeconds(2)))
                .containsEntry("started_at", ts(NOW.minusSeconds(2))).containsEntry("ended_at", null);
    }

    @Test
    void everyCallKeepsTheColumnsItHadAndOnlyABrokenCurrentCallIsEnded() {
        oldCalls.forEach((key, old) -> {
            Map<String, Object> call = call((UUID) old.get("message_id"), (Integer) old.get("call_number"));
            Map<String, Object> unchanged = new HashMap<>(old);
            if (key.equals(callKey(finalWithQueuedCall, 1))) {
                // The old bug's shape: the message ended, its call stayed QUEUED. It ends now, with the message's
                // status, when the message last moved; a claim must never find it again.
                assertThat(call).containsEntry("status", "EXPIRED").containsEntry("ended_at", ts(UPDATED));
                unchanged.remove("status");
                unchanged.remove("ended_at");
            }
            if (key.equals(callKey(sendingClaimed, 1))) {
                // QUEUED under a claim becomes SENDING (asserted above), and nothing else of it moves.
                unchanged.remove("status");
            }
            assertThat(call).as("%s, call %s", nameOf((UUID) old.get("message_id")), old.get("call_number"))
                    .containsAllEntriesOf(unchanged);
        });
    }

    @Test
    void aMessageOnItsSecondCallMovesOntoCallTwoWhileCallOneKeepsItsOwnState() {
        // Call 2 was posted once and got a retryable error: the message's attempts, backoff and error are call 2's.
        assertThat(call(twoCalls, 2)).containsEntry("status", "QUEUED").containsEntry("attempts", 1)
                .containsEntry("next_attempt_at", ts(NOW.plusSeconds(20)))
                .containsEntry("waiting_for", "RETRY_BACKOFF")
                .containsEntry("last_error", "8x8 answered 503 Service Unavailable")
                .containsEntry("session_id", null).containsEntry("ended_at", null)
                .containsEntry("updated_at", ts(UPDATED));
        // Call 1 ended before: none of the message's dispatch state is its, and it was last touched when it ended.
        Map<String, Object> first = call(twoCalls, 1);
        assertThat(first).containsEntry("status", "NO_ANSWER").containsEntry("session_id", "sess-first-call")
                .containsEntry("call_flow_request_id", "cfr-first-call").containsEntry("attempts", 0)
                .containsEntry("next_attempt_at", null).containsEntry("waiting_for", null)
                .containsEntry("lease_owner", null).containsEntry("lease_until", null)
                .containsEntry("post_started_at", null).containsEntry("last_error", null)
                .containsEntry("status_code", null).containsEntry("status_message", null)
                .containsEntry("client_name", "alpha").containsEntry("priority", "HIGH")
                .containsEntry("updated_at", first.get("ended_at"));
        assertThat(first.get("ended_at")).isEqualTo(ts(NOW.minus(Duration.ofMinutes(4))));
    }

    @Test
    void theOutcomeIsNullInFlightAndTheOldStatusOnceFinal() {
        messages.forEach((name, id) -> {
            String status = (String) oldMessages.get(id).get("status");
            String outcome = jdbc.queryForObject("SELECT outcome FROM voice_message WHERE id = ?", String.class, id);
            assertThat(outcome).as(name).isEqualTo(IN_FLIGHT.contains(status) ? null : status);
        });
    }

    @Test
    void messageStateShowsEveryMessageAsTheOldRowDid() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM message_state", Integer.class))
                .isEqualTo(messages.size());
        messages.forEach((name, id) -> {
            Map<String, Object> old = oldMessages.get(id);
            Map<String, Object> state = jdbc.queryForMap("SELECT * FROM message_state WHERE id = ?", id);
            // Every column the old row had, the request's and the dispatch state's alike, except the version (the
            // call keeps its own now) and updated_at (which may only move forward).
            Map<String, Object> expected = new HashMap<>(old);
            expected.remove("version");
            expected.remove("updated_at");
            assertThat(state).as(name).containsAllEntriesOf(expected);
            assertThat((Timestamp) state.get("updated_at")).as(name)
                    .isAfterOrEqualTo((Timestamp) old.get("updated_at"));
        });
    }

    @Test
    void callStateListsEveryCall() {
        List<Map<String, Object>> calls = jdbc.queryForList("SELECT * FROM call_state");
        assertThat(byKey(calls, CallOutboxMigrationTest::callKey)).hasSize(oldCalls.size())
                .containsOnlyKeys(oldCalls.keySet());
        for (Map<String, Object> call : calls) {
            Map<String, Object> table = call((UUID) call.get("message_id"), (Integer) call.get("call_number"));
            assertThat(table).containsAllEntriesOf(call);
        }
    }

    @Test
    void theMessagesMirrorColumnsAreGone() {
        List<String> columns = jdbc.queryForList("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = 'voice_message'", String.class, schema);
        assertThat(columns).contains("outcome", "current_call", "valid_until", "priority")
                .doesNotContainAnyElementsOf(DISPATCH_COLUMNS).doesNotContain("status", "version");
    }

    @Test
    void rowsThatPointAtMessagesSurviveUntouched() {
        UNTOUCHED_TABLES.forEach((table, order) -> {
            assertThat(oldUntouched.get(table)).as(table).isNotEmpty();
            assertThat(rows(table, order)).as(table).isEqualTo(oldUntouched.get(table));
        });
    }

    /** One message per old status (and the shapes in between), each with its calls, as V14_2's code left them. */
    private void writeOldRows() {
        // In flight.
        UUID queuedDue = message("QUEUED due now", "QUEUED", Map.of("next_attempt_at", NOW.minusSeconds(5)));
        call(queuedDue, 1, "FIRST", "QUEUED", Map.of());

        UUID queuedForWindow = message("QUEUED for its delivery window", "QUEUED", Map.of(
                "next_attempt_at", NOW.plus(Duration.ofHours(8)), "waiting_for", "DELIVERY_WINDOW",
                "window_from", LocalTime.of(9, 0), "window_to", LocalTime.of(17, 0),
                "window_days", "MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY", "window_zone", "Asia/Singapore",
                "priority", "LOW"));
        call(queuedForWindow, 1, "FIRST", "QUEUED", Map.of("due_at", NOW.plus(Duration.ofHours(8))));

        // Posted once, 8x8 answered an error worth retrying: the call went back to QUEUED.
        UUID queuedForRetry = message("QUEUED for a retry", "QUEUED", Map.of("attempts", 1,
                "next_attempt_at", NOW.plusSeconds(15), "waiting_for", "RETRY_BACKOFF",
                "last_error", "8x8 answered 500", "status_code", 500, "status_message", "Internal error"));
        call(queuedForRetry, 1, "FIRST", "QUEUED", Map.of("started_at", NOW.minusSeconds(40)));

        // Claimed, waiting for a rate permit: the old claim left the call QUEUED.
        sendingClaimed = message("SENDING claimed", "SENDING", Map.of("attempts", 1,
                "lease_owner", "gw-old-1", "lease_until", NOW.plusSeconds(60), "priority", "HIGH"));
        call(sendingClaimed, 1, "FIRST", "QUEUED", Map.of());

        // Claimed and its POST begun: the POST-start mark moved the call to SENDING.
        sendingPosted = message("SENDING posting", "SENDING", Map.of("attempts", 1,
                "lease_owner", "gw-old-2", "lease_until", NOW.plusSeconds(45), "post_started_at", NOW.minusSeconds(2),
                "updated_at", NOW.minusSeconds(2)));
        call(sendingPosted, 1, "FIRST", "SENDING", Map.of("started_at", NOW.minusSeconds(2)));

        UUID submitted = message("SUBMITTED", "SUBMITTED", Map.of("attempts", 1, "session_id", "sess-submitted",
                "call_flow_request_id", "cfr-submitted", "status_code", 1, "status_message", "Created"));
        call(submitted, 1, "FIRST", "SUBMITTED", Map.of("session_id", "sess-submitted",
                "call_flow_request_id", "cfr-submitted", "started_at", NOW.minusSeconds(35)));
        attempt(submitted, 1, "SUBMITTED");

        UUID unknown = message("UNKNOWN", "UNKNOWN", Map.of("attempts", 1,
                "last_error", "no answer from 8x8 within 10 s"));
        call(unknown, 1, "FIRST", "UNKNOWN", Map.of("started_at", NOW.minusSeconds(60), "unknown_at", UPDATED));
        flagged(unknown);

        // The lease sweep found a POST begun and gave up waiting: it cleared the lease but kept the POST-start mark.
        UUID unknownAfterLease = message("UNKNOWN after its lease ran out", "UNKNOWN", Map.of("attempts", 1,
                "post_started_at", NOW.minusSeconds(90), "last_error", "the dispatcher stopped mid-send"));
        call(unknownAfterLease, 1, "FIRST", "UNKNOWN", Map.of("started_at", NOW.minusSeconds(90),
                "unknown_at", UPDATED));

        // Queued for a retry, but 8x8's answer to the first POST came late with a session: the old claim skipped
        // such a row (the call exists at 8x8), so its session id must stay with it.
        UUID queuedWithSession = message("QUEUED with a session id", "QUEUED", Map.of("attempts", 1,
                "next_attempt_at", NOW.minusSeconds(10), "waiting_for", "RETRY_BACKOFF",
                "last_error", "no answer from 8x8 within 10 s", "session_id", "sess-late",
                "call_flow_request_id", "cfr-late", "status_code", 1, "status_message", "Created"));
        call(queuedWithSession, 1, "FIRST", "QUEUED", Map.of("session_id", "sess-late",
                "call_flow_request_id", "cfr-late", "started_at", NOW.minusSeconds(70)));

        // Final, each with a call ended in the same status.
        UUID completed = endedAfterASummary("COMPLETED", Map.of());
        callback(completed);
        cost(completed, "sess-COMPLETED");
        endedAfterASummary("NO_ANSWER", Map.of());
        endedAfterASummary("BUSY", Map.of());
        endedAfterASummary("FAILED", Map.of("last_error", "the call failed at 8x8"));
        endedAfterASummary("ERROR", Map.of());
        UUID acknowledged = endedAfterASummary("ACKNOWLEDGED", acknowledge());
        keyPressed(acknowledged, "sess-ACKNOWLEDGED");
        endedAfterASummary("NOT_ACKNOWLEDGED", acknowledge());

        // The client canceled before dispatch.
        UUID canceled = message("CANCELED", "CANCELED", Map.of());
        call(canceled, 1, "FIRST", "CANCELED", Map.of("ended_at", UPDATED));

        UUID rejected = message("REJECTED", "REJECTED", Map.of("attempts", 1, "status_code", -4,
                "status_message", "Invalid destination", "last_error", "8x8 refused the callflow"));
        call(rejected, 1, "FIRST", "REJECTED", Map.of("started_at", NOW.minusSeconds(45), "ended_at", UPDATED));

        UUID expired = message("EXPIRED", "EXPIRED", Map.of("valid_until", NOW.minusSeconds(60),
                "last_error", "validUntil passed before the call was placed"));
        call(expired, 1, "FIRST", "EXPIRED", Map.of("ended_at", UPDATED));

        // On its second call: call 1 unanswered (its summary planned a redial), call 2 posted once and backing off.
        // The old planner kept call 1's 8x8 codes on the message; they stay what the message shows.
        twoCalls = message("QUEUED on call 2", "QUEUED", Map.of("current_call", 2, "max_calls", 2,
                "attempts", 1, "next_attempt_at", NOW.plusSeconds(20), "waiting_for", "RETRY_BACKOFF",
                "last_error", "8x8 answered 503 Service Unavailable", "status_code", 1, "status_message", "Created",
                "priority", "HIGH"));
        long firstSummary = summary(twoCalls, 1, "sess-first-call", "NO ANSWER", "NO_ANSWER");
        call(twoCalls, 1, "FIRST", "NO_ANSWER", Map.of("session_id", "sess-first-call",
                "call_flow_request_id", "cfr-first-call", "started_at", NOW.minus(Duration.ofMinutes(5)),
                "ended_at", NOW.minus(Duration.ofMinutes(4)), "summary_id", firstSummary));
        call(twoCalls, 2, "REDIAL", "QUEUED", Map.of("planned_at", NOW.minus(Duration.ofMinutes(4)),
                "due_at", NOW.minusSeconds(60), "started_at", NOW.minusSeconds(40)));

        // An older bug's shape: the message ended while its current call stayed QUEUED.
        finalWithQueuedCall = message("EXPIRED with its call left QUEUED", "EXPIRED", Map.of(
                "valid_until", NOW.minusSeconds(60), "last_error", "validUntil passed before the call was placed"));
        call(finalWithQueuedCall, 1, "FIRST", "QUEUED", Map.of());
    }

    /** A message whose one call was posted, accepted and ended by its session summary (or the key, after it). */
    private UUID endedAfterASummary(String status, Map<String, Object> extra) {
        Map<String, Object> columns = new HashMap<>(Map.of("attempts", 1, "session_id", "sess-" + status,
                "call_flow_request_id", "cfr-" + status, "status_code", 1, "status_message", "Created"));
        columns.putAll(extra);
        UUID id = message(status, status, columns);
        String callStatus = status.equals("ACKNOWLEDGED") || status.equals("NOT_ACKNOWLEDGED") ? "COMPLETED" : status;
        long summary = summary(id, 1, "sess-" + status, callStatus, callStatus);
        call(id, 1, "FIRST", status, Map.of("session_id", "sess-" + status, "call_flow_request_id", "cfr-" + status,
                "started_at", NOW.minus(Duration.ofMinutes(2)), "ended_at", UPDATED, "summary_id", summary));
        return id;
    }

    private static Map<String, Object> acknowledge() {
        return Map.of("ack_digit", "1", "ack_prompt", "Press 1 to confirm", "ack_thanks", "Thank you",
                "ack_timeout_ms", 10000, "ack_tries", 2);
    }

    /** A voice_message row as V14_2's intake and dispatch wrote it; {@code columns} set the case's own values. */
    private UUID message(String name, String status, Map<String, Object> columns) {
        UUID id = UUID.randomUUID();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("client_name", "alpha");
        row.put("status", status);
        row.put("destination", "+6591234567");
        row.put("source", "+6568880000");
        row.put("text", "Your parcel arrives today");
        row.put("voice_profile", "en-US-Neural2-C");
        row.put("repetition", 1);
        row.put("speed", new BigDecimal("1.00"));
        row.put("valid_until", NOW.plus(Duration.ofHours(2)));
        row.put("client_reference", "ref-" + name);
        row.put("callback_url", "https://alpha.example/callbacks");
        row.put("created_at", NOW.minus(Duration.ofMinutes(10)));
        row.put("updated_at", UPDATED);
        row.putAll(columns);
        insert("voice_message", row);
        messages.put(name, id);
        return id;
    }

    /** A voice_call row: call 1's clientRequestId is the message id, a later call's "id:n". */
    private void call(UUID messageId, int number, String kind, String status, Map<String, Object> columns) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("message_id", messageId);
        row.put("call_number", number);
        row.put("kind", kind);
        row.put("destination", "+6591234567");
        row.put("client_request_id", number == 1 ? messageId.toString() : messageId + ":" + number);
        row.put("status", status);
        row.put("planned_at", NOW.minus(Duration.ofMinutes(10)));
        row.put("due_at", NOW.minus(Duration.ofMinutes(10)));
        row.putAll(columns);
        insert("voice_call", row);
    }

    private long summary(UUID messageId, int callNumber, String sessionId, String sessionStatus, String mapped) {
        return jdbc.queryForObject("INSERT INTO session_summary (received_at, raw, event_type, session_id,"
                + " client_request_id, session_status, mapped_status, message_id, matched_at, outcome, call_number)"
                + " VALUES (?, ?::jsonb, 'SESSION_SUMMARY', ?, ?, ?, ?, ?, ?, 'APPLIED', ?) RETURNING id", Long.class,
                ts(UPDATED), "{\"sessionId\":\"" + sessionId + "\"}", sessionId, messageId.toString(), sessionStatus,
                mapped, messageId, ts(UPDATED), callNumber);
    }

    /** The right key, pressed on the message's call 1 (8x8's call action webhook). */
    private void keyPressed(UUID messageId, String sessionId) {
        jdbc.update("INSERT INTO call_action_event (received_at, raw, event_type, session_id, dtmf, message_id,"
                + " call_number, answer, outcome) VALUES (?, ?::jsonb, 'CALL_ACTION', ?, '1', ?, 1, 'THANKS',"
                + " 'ACKNOWLEDGED')", ts(UPDATED), "{\"dtmf\":\"1\"}", sessionId, messageId);
    }

    private void callback(UUID messageId) {
        jdbc.update("INSERT INTO callback_event (id, message_id, sequence, type, client_name, url, host, payload,"
                + " status, attempts, last_attempt_at, last_http_status, delivered_at, created_at, updated_at)"
                + " VALUES (?, ?, 1, 'message.completed', 'alpha', 'https://alpha.example/callbacks',"
                + " 'alpha.example', ?, 'DELIVERED', 1, ?, 204, ?, ?, ?)", UUID.randomUUID(), messageId,
                "{\"id\":\"" + messageId + "\",\"status\":\"COMPLETED\"}", ts(UPDATED), ts(UPDATED), ts(UPDATED),
                ts(UPDATED));
    }

    private void attempt(UUID messageId, int number, String outcome) {
        jdbc.update("INSERT INTO dispatch_attempt (message_id, attempt_number, started_at, latency_ms, http_status,"
                + " status_code, status_message, outcome, call_number) VALUES (?, ?, ?, 120, 200, 1, 'Created', ?, 1)",
                messageId, number, ts(NOW.minusSeconds(35)), outcome);
    }

    /** Reconciliation found several export rows that could be the UNKNOWN call: flagged for ops. */
    private void flagged(UUID messageId) {
        long export = jdbc.queryForObject("INSERT INTO reconcile_export (kind, instance, started_at, finished_at,"
                + " span_from, span_to, job_id, status, files, rows_read, calls_checked, flagged)"
                + " VALUES ('RECONCILE', 'gw-old-1', ?, ?, ?, ?, 'job-1', 'SUCCEEDED', 1, 3, 1, 1) RETURNING id",
                Long.class, ts(UPDATED), ts(UPDATED), ts(NOW.minus(Duration.ofHours(1))), ts(UPDATED));
        jdbc.update("INSERT INTO reconcile_action (export_id, message_id, call_number, at, action, from_status,"
                + " detail) VALUES (?, ?, 1, ?, 'FLAGGED', 'UNKNOWN', '2 candidate rows')", export, messageId,
                ts(UPDATED));
        jdbc.update("INSERT INTO reconcile_flag (message_id, call_number, export_id, flagged_at, candidates, detail)"
                + " VALUES (?, 1, ?, ?, 2, '2 candidate rows')", messageId, export, ts(UPDATED));
    }

    private void cost(UUID messageId, String sessionId) {
        jdbc.update("INSERT INTO call_cost (session_id, message_id, call_number, amount, currency, billable_seconds,"
                + " recorded_at) VALUES (?, ?, 1, 0.0123, 'USD', 42, ?)", sessionId, messageId, ts(UPDATED));
    }

    private void insert(String table, Map<String, Object> row) {
        String columns = String.join(", ", row.keySet());
        String marks = row.keySet().stream().map(c -> "?").collect(Collectors.joining(", "));
        Object[] values = row.values().stream().map(v -> v instanceof Instant ? ts((Instant) v) : v).toArray();
        jdbc.update("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")", values);
    }

    private String nameOf(UUID messageId) {
        return messages.entrySet().stream().filter(e -> e.getValue().equals(messageId)).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    private Map<String, Object> call(UUID messageId, int number) {
        return jdbc.queryForMap("SELECT * FROM voice_call WHERE message_id = ? AND call_number = ?", messageId,
                number);
    }

    private List<Map<String, Object>> rows(String table, String order) {
        return jdbc.queryForList("SELECT * FROM " + table + " ORDER BY " + order);
    }

    private static String callKey(Map<String, Object> call) {
        return callKey((UUID) call.get("message_id"), ((Number) call.get("call_number")).intValue());
    }

    private static String callKey(UUID messageId, int callNumber) {
        return messageId + "#" + callNumber;
    }

    private static <K> Map<K, Map<String, Object>> byKey(List<Map<String, Object>> rows,
            Function<Map<String, Object>, K> key) {
        Map<K, Map<String, Object>> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.put(key.apply(row), row));
        return byKey;
    }

    private Flyway flyway(String target) {
        return Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations("classpath:db/migration").target(target).load();
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
