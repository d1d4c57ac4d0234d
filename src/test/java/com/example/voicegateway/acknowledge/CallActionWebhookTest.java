package com.example.voicegateway.acknowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** 8x8's Voice Call Action webhook: each answer, each status it leads to, and what is stored. */
class CallActionWebhookTest extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    static final String PATH = "/webhooks/8x8/voice-call-action";
    static final String SUMMARY_PATH = "/webhooks/8x8/voice-session-summary";
    static final String SECRET = "Bearer test-webhook-secret";
    static final String HANGUP = "{\"callflow\":[{\"action\":\"hangup\"}]}";

    /** 8x8's documented example (voice-call-action-webhook-guide), with the session and key of the test. */
    static String event(String sessionId, String dtmf) {
        return event(sessionId, dtmf, UUID.randomUUID().toString());
    }

    static String event(String sessionId, String dtmf, String eventId) {
        return """
                {"namespace": "VOICE", "eventType": "CALL_ACTION", "description": "Action request of a call",
                 "payload": {"eventId": "%s", "callId": "627e25f1-133a-11ef-b08c-e33c09483244",
                   "sessionId": "%s", "subAccountId": "account_x", "callStatus": "ACTION_COMPLETED",
                   "callDirection": "OUTBOUND", "callType": "PSTN", "source": "+6568888888",
                   "destination": "+6598888888", "sourceFormat": "MSISDN", "destinationFormat": "MSISDN",
                   "sourceCountryCode": "SG", "destinationCountryCode": "SG", "sourceRefId": "SOME-VN-REF-ID",
                   "destinationRefId": "ANOTHER-VN-REF-ID", "callDuration": 0,
                   "eventData": {"dtmf": %s}, "sipCode": 200, "timestamp": "2024-05-16T04:12:11.217Z",
                   "clientActionId": "ivr1_level1"}}
                """.formatted(eventId, sessionId, dtmf == null ? "null" : "\"" + dtmf + "\"");
    }

    /** The calls meter, a reaction to the ledger's CallEnded events. */
    double acknowledgedCalls() {
        return calls("ACKNOWLEDGED");
    }

    /** All calls ended with {@code outcome}, whatever their kind (first, redial, fallback). */
    double calls(String outcome) {
        return meters.find("voice_gateway.calls").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    // --- the answers -----------------------------------------------------------------------------------------

    @Test
    void theRightKeyIsThankedInTheMessagesVoiceAndAcknowledgesAtOnce() {
        UUID id = submitted("s-right", ",\"voiceProfile\":\"en-IE-EmilyNeural\",\"speed\":1.5",
                "{\"digit\":\"1\",\"thanks\":\"Thank you. Goodbye.\"}");

        Answer answer = postEvent(event("s-right", "1"), SECRET);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.raw().body()).isEqualTo("{\"callflow\":[{\"action\":\"say\",\"params\":{\"text\":"
                + "\"Thank you. Goodbye.\",\"voiceProfile\":\"en-IE-EmilyNeural\",\"speed\":1.5}},"
                + "{\"action\":\"hangup\"}]}");
        // Without waiting for the summary.
        assertThat(status(id)).isEqualTo("ACKNOWLEDGED");
        JsonNode view = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(view.at("/calls/0/status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(view.at("/calls/0/endedAt").asString()).isNotBlank();
        assertThat(view.at("/calls/0/acknowledgement/expectedDigit").asString()).isEqualTo("1");
        assertThat(view.at("/calls/0/acknowledgement/pressed").asString()).isEqualTo("1");
        assertThat(view.at("/calls/0/acknowledgement/at").asString()).isNotBlank();
        // The top level shows the latest call's, like sessionId and summary.
        assertThat(view.get("acknowledgement")).isEqualTo(view.at("/calls/0/acknowledgement"));
        assertThat(stored("s-right")).containsExactly("ACKNOWLEDGED/THANKS");
    }

    @Test
    void theRightKeyWithoutThanksJustHangsUp() {
        UUID id = submitted("s-nothanks", "", "{\"digit\":\"4\"}");

        Answer answer = postEvent(event("s-nothanks", "4"), SECRET);

        assertThat(answer.raw().body()).isEqualTo(HANGUP);
        assertThat(status(id)).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    void aWrongKeyHangsUpAndTheSummaryThenSaysNotAcknowledged() {
        UUID id = submitted("s-wrong", "", "{\"digit\":\"1\",\"thanks\":\"Thanks\"}");

        Answer answer = postEvent(event("s-wrong", "9"), SECRET);

        assertThat(answer.raw().body()).isEqualTo(HANGUP);
        assertThat(status(id)).as("the call is not over yet").isEqualTo("SUBMITTED");
        assertThat(postSummary("s-wrong", id, "COMPLETED").json().get("outcome").asString()).isEqualTo("APPLIED");
        assertThat(status(id)).isEqualTo("NOT_ACKNOWLEDGED");
        JsonNode view = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(view.at("/acknowledgement/pressed").asString()).isEqualTo("9");
        assertThat(stored("s-wrong")).containsExactly("NOT_ACKNOWLEDGED/HANGUP");
    }

    @Test
    void nothingPressedHangsUpAndEndsNotAcknowledgedWithPressedNull() {
        UUID id = submitted("s-none", "", "{\"digit\":\"1\",\"thanks\":\"Thanks\"}");

        assertThat(postEvent(event("s-none", null), SECRET).raw().body()).isEqualTo(HANGUP);
        postSummary("s-none", id, "COMPLETED");

        assertThat(status(id)).isEqualTo("NOT_ACKNOWLEDGED");
        JsonNode acknowledgement = get("/voice-messages/" + id, ALPHA_KEY).json().get("acknowledgement");
        assertThat(acknowledgement.get("expectedDigit").asString()).isEqualTo("1");
        assertThat(acknowledgement.has("pressed")).as("shown as null, not left out").isTrue();
        assertThat(acknowledgement.get("pressed").isNull()).isTrue();
    }

    @Test
    void aSummaryWithoutAnyCallActionIsNotAcknowledged() {
        UUID id = submitted("s-hungup", "", "{\"digit\":\"1\"}");

        postSummary("s-hungup", id, "COMPLETED");

        assertThat(status(id)).isEqualTo("NOT_ACKNOWLEDGED");
    }

    @Test
    void aMessageWithoutAcknowledgeStillCompletes() {
        UUID id = submitted("s-plain", "", null);

        postSummary("s-plain", id, "COMPLETED");

        assertThat(status(id)).isEqualTo("COMPLETED");
        assertThat(get("/voice-messages/" + id, ALPHA_KEY).json().has("acknowledgement")).isFalse();
    }

    @Test
    void noAnswerStaysNoAnswer() {
        UUID id = submitted("s-noanswer", "", "{\"digit\":\"1\"}");

        postSummary("s-noanswer", id, "NO_ANSWER");

        assertThat(status(id)).isEqualTo("NO_ANSWER");
    }

    // --- order and repetition --------------------------------------------------------------------------------

    @Test
    void theSummaryAfterTheKeyIsStoredAgainstTheMessageAndChangesNothing() {
        UUID id = submitted("s-after", "", "{\"digit\":\"2\",\"thanks\":\"Thanks\"}");
        postEvent(event("s-after", "2"), SECRET);
        long version = version(id);

        JsonNode stored = postSummary("s-after", id, "COMPLETED").json();

        assertThat(stored.get("outcome").asString()).isEqualTo("DUPLICATE");
        assertThat(stored.get("messageId").asString()).isEqualTo(id.toString());
        assertThat(status(id)).isEqualTo("ACKNOWLEDGED");
        assertThat(version(id)).isEqualTo(version);
        assertThat(get("/voice-messages/" + id, ALPHA_KEY).json().at("/summary/sessionStatus").asString())
                .isEqualTo("COMPLETED");
    }

    @Test
    void aSummaryArrivingBeforeTheKeyIsOvertakenByTheKey() {
        UUID id = submitted("s-before", "", "{\"digit\":\"1\",\"thanks\":\"Thanks\"}");
        postSummary("s-before", id, "COMPLETED");
        assertThat(status(id)).isEqualTo("NOT_ACKNOWLEDGED");

        // The person did press it: the late report is proof, and wins.
        Answer answer = postEvent(event("s-before", "1"), SECRET);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("ACKNOWLEDGED");
        assertThat(stored("s-before")).containsExactly("ACKNOWLEDGED/THANKS");
    }

    @Test
    void nobodyConfirmingPlansTheRedialAndALateKeyCancelsIt() {
        UUID id = submitted("s-redial", ", \"redial\": {\"maxCalls\": 2, \"interval\": \"PT1M\"}",
                "{\"digit\":\"1\",\"thanks\":\"Thanks\"}");
        postEvent(event("s-redial", null), SECRET);
        postSummary("s-redial", id, "COMPLETED");

        JsonNode planned = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(planned.get("status").asString()).isEqualTo("QUEUED");
        assertThat(planned.at("/calls/0/status").asString()).isEqualTo("NOT_ACKNOWLEDGED");
        assertThat(planned.at("/calls/1/status").asString()).isEqualTo("QUEUED");
        assertThat(planned.at("/calls/1/kind").asString()).isEqualTo("REDIAL");

        double canceledBefore = calls("CANCELED");
        // The key of call 1 after all (its report delayed): the person has confirmed, call 2 must not ring.
        assertThat(postEvent(event("s-redial", "1"), SECRET).raw().body()).contains("\"say\"");
        assertThat(calls("CANCELED") - canceledBefore).as("the planned redial ended, never placed").isEqualTo(1.0);

        JsonNode settled = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(settled.get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(settled.at("/calls/0/status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(settled.at("/calls/1/status").asString()).isEqualTo("CANCELED");
    }

    /**
     * The late key waits for the message while the summary that planned the redial holds it: when the key's turn
     * comes it must see the planned call (committed after the key began to wait) and cancel it, so the person who
     * confirmed is not rung again.
     */
    @Test
    void aLateKeyThatWaitedWhileTheSummaryPlannedTheRedialStillCancelsIt() throws Exception {
        UUID id = submitted("s-waiting", ", \"redial\": {\"maxCalls\": 2, \"interval\": \"PT1M\"}",
                "{\"digit\":\"1\",\"thanks\":\"Thanks\"}");
        postEvent(event("s-waiting", null), SECRET);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (java.sql.Connection holder = jdbc.getDataSource().getConnection()) {
            holder.setAutoCommit(false);
            int holderPid;
            try (var pid = holder.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                pid.next();
                holderPid = pid.getInt(1);
            }
            try (var lock = holder.prepareStatement("SELECT 1 FROM voice_message WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, id);
                lock.executeQuery().close();
            }
            // First in line: the summary (no key came during the call: NOT_ACKNOWLEDGED, the redial planned).
            Future<Answer> summary = pool.submit(() -> postSummary("s-waiting", id, "COMPLETED"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> blockedBy(holderPid) == 1);
            // Second: the key of call 1, reported late.
            Future<Answer> key = pool.submit(() -> postEvent(event("s-waiting", "1"), SECRET));
            // (It queues behind the summary, which is what it waits for now.)
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                    SELECT count(*) FROM pg_stat_activity
                     WHERE cardinality(pg_blocking_pids(pid)) > 0
                       AND query LIKE '%ORDER BY c.planned_at DESC%FOR NO KEY UPDATE OF m%'""", Long.class) == 1);
            holder.rollback();
            assertThat(summary.get().json().get("outcome").asString()).isEqualTo("APPLIED");
            assertThat(key.get().raw().body()).contains("\"say\"");
        } finally {
            pool.shutdownNow();
        }
        JsonNode settled = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(settled.get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(settled.at("/calls/0/status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(settled.at("/calls/1/status").asString()).as("the planned redial is never placed")
                .isEqualTo("CANCELED");
    }

    private long blockedBy(int pid) {
        return jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))",
                Long.class, pid);
    }

    @Test
    void theSameEventTwiceGetsTheSameAnswerAndMovesTheMessageOnce() {
        UUID id = submitted("s-twice", "", "{\"digit\":\"1\",\"thanks\":\"Thanks\"}");
        String event = event("s-twice", "1", "77e6a667-133a-11ef-9dd4-e911cc6fc82f");

        double countedBefore = acknowledgedCalls();
        Answer first = postEvent(event, SECRET);
        long version = version(id);
        Answer second = postEvent(event, SECRET);

        assertThat(second.raw().body()).isEqualTo(first.raw().body());
        assertThat(status(id)).isEqualTo("ACKNOWLEDGED");
        assertThat(version(id)).isEqualTo(version);
        assertThat(acknowledgedCalls() - countedBefore).as("the call ended once, so it is counted once").isEqualTo(1.0);
        assertThat(stored("s-twice")).containsExactly("ACKNOWLEDGED/THANKS", "DUPLICATE/THANKS");
    }

    @Test
    void concurrentDeliveriesOfOneEventAcknowledgeOnce() throws Exception {
        UUID id = submitted("s-race", "", "{\"digit\":\"1\",\"thanks\":\"Thanks\"}");
        String event = event("s-race", "1");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> postEvent(event, SECRET)));
            }
            for (Future<Answer> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(status(id)).isEqualTo("ACKNOWLEDGED");
        assertThat(stored("s-race")).filteredOn(s -> s.startsWith("ACKNOWLEDGED")).hasSize(1);
        assertThat(stored("s-race")).filteredOn(s -> s.startsWith("DUPLICATE")).hasSize(5);
    }

    // --- never a silent line -----------------------------------------------------------------------------------

    @Test
    void anUnknownSessionIsHungUpAndKeptForOps() {
        Answer answer = postEvent(event("s-unknown", "1"), SECRET);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.raw().body()).isEqualTo(HANGUP);
        assertThat(stored("s-unknown")).containsExactly("UNMATCHED/HANGUP");
        assertThat(jdbc.queryForObject("SELECT raw->'payload'->'eventData'->>'dtmf' FROM call_action_event"
                + " WHERE session_id = 's-unknown'", String.class)).isEqualTo("1");
    }

    @Test
    void anUnreadableBodyIsHungUpAndKeptAsText() {
        Answer answer = postEvent("this is not json {", SECRET);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.raw().body()).isEqualTo(HANGUP);
        assertThat(jdbc.queryForObject("SELECT raw_text FROM call_action_event WHERE outcome = 'IGNORED'"
                + " AND raw IS NULL ORDER BY id DESC LIMIT 1", String.class)).isEqualTo("this is not json {");
    }

    @Test
    void jsonThatJsonbRefusesIsStillAnsweredAndKeptAsText() {
        submitted("s-nul", "", "{\"digit\":\"1\",\"thanks\":\"Thanks\"}");
        String body = event("s-nul", "1").replace("\"account_x\"", "\"acc\\u0000ount\"");

        Answer answer = postEvent(body, SECRET);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.raw().body()).contains("\"say\"");
        assertThat(jdbc.queryForObject("SELECT raw_text IS NOT NULL FROM call_action_event WHERE session_id = 's-nul'",
                Boolean.class)).isTrue();
    }

    @Test
    void anotherEventTypeIsIgnoredAndHungUp() {
        UUID id = submitted("s-status", "", "{\"digit\":\"1\"}");

        Answer answer = postEvent(event("s-status", "1").replace("CALL_ACTION", "CALL_STATUS"), SECRET);

        assertThat(answer.raw().body()).isEqualTo(HANGUP);
        assertThat(status(id)).isEqualTo("SUBMITTED");
        assertThat(stored("s-status")).containsExactly("IGNORED/HANGUP");
    }

    // --- who may post ----------------------------------------------------------------------------------------

    @Test
    void aWrongAuthorizationIs401AndNothingIsStored() {
        UUID id = submitted("s-auth", "", "{\"digit\":\"1\"}");

        Answer wrong = postEvent(event("s-auth", "1"), "Bearer not-the-secret");
        Answer missing = postEvent(event("s-auth", "1"), null);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(wrong.header("WWW-Authenticate")).isNotNull();
        assertThat(missing.status()).isEqualTo(401);
        assertThat(status(id)).isEqualTo("SUBMITTED");
        assertThat(stored("s-auth")).isEmpty();
    }

    @Test
    void theApiKeyIsNotAWayIn() {
        HttpRequest request = request(PATH, OPS_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event("s-key", "1"))).build();
        assertThat(send(request).status()).isEqualTo(401);
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** A message accepted by intake, then moved the way dispatch would: it and its call 1 SUBMITTED with 8x8's sessionId. */
    UUID submitted(String sessionId, String extraFields, String acknowledge) {
        String body = "{\"destination\": \"+6591178965\", \"text\": \"The server room is on fire.\"" + extraFields
                + (acknowledge == null ? "" : ", \"acknowledge\": " + acknowledge) + "}";
        Answer created = post("/voice-messages", ALPHA_KEY, body);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(202);
        UUID id = UUID.fromString(created.json().get("id").asString());
        submit(id, "SUBMITTED", sessionId);
        return id;
    }

    Answer postEvent(String body, String authorization) {
        HttpRequest.Builder request = request(PATH, null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    Answer postSummary(String sessionId, UUID clientRequestId, String sessionStatus) {
        String body = """
                {"namespace": "VOICE", "eventType": "SESSION_SUMMARY",
                 "payload": {"sessionId": "%s", "clientRequestId": "%s", "sessionStatus": "%s",
                   "lastAction": "HANGUP", "callCount": 1,
                   "details": {"callA": {"callDirection": "OUTBOUND", "destination": "+6591178965",
                     "callStatus": "%s", "callDuration": 9}}}}
                """.formatted(sessionId, clientRequestId, sessionStatus, sessionStatus);
        Answer answer = send(request(SUMMARY_PATH, null).header("Content-Type", "application/json")
                .header("Authorization", SECRET).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(answer.status()).isEqualTo(200);
        return answer;
    }

    String status(UUID id) {
        return jdbc.queryForObject("SELECT status FROM message_state WHERE id = ?", String.class, id);
    }

    long version(UUID id) {
        return ledgerRows().moves(id);
    }

    /** outcome/answer of every stored event of the session, in arrival order. */
    List<String> stored(String sessionId) {
        return jdbc.queryForList("SELECT outcome || '/' || answer FROM call_action_event WHERE session_id = ?"
                + " ORDER BY id", String.class, sessionId);
    }
}
