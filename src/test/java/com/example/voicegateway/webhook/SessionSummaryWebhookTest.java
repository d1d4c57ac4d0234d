package com.example.voicegateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.message.SessionRecorded;
import com.example.voicegateway.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class SessionSummaryWebhookTest extends IntegrationTest {

    static final String PATH = "/webhooks/8x8/voice-session-summary";
    static final String SECRET = "Bearer test-webhook-secret";

    /** 8x8's success example (VM-VSS), exactly as documented: CallA with a capital C, SourceRefId "null". */
    static final String SUCCESS_EXAMPLE = """
            {
              "payload": {
                "sessionId": "1f048a84-ea6d-11ee-911b-078f7290bf52",
                "subAccountId": "8x8_test",
                "sessionStatus": "COMPLETED",
                "startTime": "2024-03-25T06:01:30Z",
                "endTime": "2024-03-25T06:01:50Z",
                "lastAction": "MAKE_CALL",
                "callCount": 1,
                "details": {
                  "CallA": {
                    "callId": "1f048a83-ea6d-11ee-911b-e9023a97c284",
                    "callDirection": "OUTBOUND",
                    "callType": "PSTN",
                    "initiatedTimestamp": "2024-03-25T06:01:28Z",
                    "connectedTimestamp": "2024-03-25T06:01:37Z",
                    "disconnectedTimestamp": "2024-03-25T06:01:50Z",
                    "source": "+12314377870",
                    "destination": "+6568332048",
                    "sourceFormat": "MSISDN",
                    "destinationFormat": "MSISDN",
                    "sourceCountryCode": "US",
                    "destinationCountryCode": "SG",
                    "SourceRefId": "null",
                    "callStatus": "COMPLETED",
                    "callDuration": 13,
                    "callQuality": { "mos": 4.5, "packetLossRate": 0, "jitter": 20 }
                  }
                }
              },
              "namespace": "VOICE",
              "eventType": "SESSION_SUMMARY",
              "description": "Summary of a completed call session"
            }
            """;

    /** 8x8's failure example (VM-VSS), exactly as documented. */
    static final String FAILURE_EXAMPLE = """
            {
              "payload": {
                "sessionId": "47f19e66-2163-11ee-8ccd-27b543a164ea",
                "subAccountId": "8x8_test",
                "sessionStatus": "ERROR",
                "startTime": "2024-07-13T09:54:38Z",
                "endTime": "2024-07-13T09:54:38Z",
                "lastAction": "MAKE_CALL",
                "callCount": 1,
                "errorDetails": { "errorMsg": "No coverage available for requested area", "errorCode": -2004 },
                "details": {
                  "callA": {
                    "callId": "4809bb03-2163-11ee-8f06-8da8b5ddeca4",
                    "callDirection": "OUTBOUND", "callType": "PSTN",
                    "initiatedTimestamp": "2023-07-13T09:54:38Z",
                    "disconnectedTimestamp": "2023-07-13T09:54:38Z",
                    "source": "+6568332048", "destination": "+6591178965",
                    "sourceFormat": "MSISDN", "destinationFormat": "MSISDN",
                    "sourceCountryCode": "SG", "destinationCountryCode": "SG",
                    "sourceRefId": "PSTN1", "callStatus": "ERROR", "callDuration": 0
                  }
                }
              },
              "namespace": "VOICE", "eventType": "SESSION_SUMMARY",
              "description": "Summary of a completed call session"
            }
            """;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    SummaryLinker linker;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate transactions;

    // --- 8x8's examples as they are -------------------------------------------------------------------------

    @Test
    void successExampleCompletesTheMessageAndShowsTheSummary() {
        UUID id = dispatched("SUBMITTED", "1f048a84-ea6d-11ee-911b-078f7290bf52");

        Answer answer = postSummary(SUCCESS_EXAMPLE, SECRET);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("outcome").asString()).isEqualTo("APPLIED");
        assertThat(answer.json().get("messageId").asString()).isEqualTo(id.toString());
        JsonNode message = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(message.get("status").asString()).isEqualTo("COMPLETED");
        JsonNode summary = message.get("summary");
        assertThat(summary.get("sessionStatus").asString()).isEqualTo("COMPLETED");
        assertThat(summary.get("startTime").asString()).isEqualTo("2024-03-25T06:01:30Z");
        assertThat(summary.get("endTime").asString()).isEqualTo("2024-03-25T06:01:50Z");
        assertThat(summary.get("lastAction").asString()).isEqualTo("MAKE_CALL");
        assertThat(summary.get("callCount").asInt()).isEqualTo(1);
        assertThat(summary.get("callDuration").asInt()).isEqualTo(13);
        assertThat(summary.get("receivedAt").isString()).isTrue();
        assertThat(summary.has("errorCode")).isFalse();
        JsonNode leg = summary.get("legs").get(0);
        assertThat(leg.get("name").asString()).isEqualTo("callA");
        assertThat(leg.get("callId").asString()).isEqualTo("1f048a83-ea6d-11ee-911b-e9023a97c284");
        assertThat(leg.get("callStatus").asString()).isEqualTo("COMPLETED");
        assertThat(leg.get("connectedTimestamp").asString()).isEqualTo("2024-03-25T06:01:37Z");
        assertThat(leg.get("callQuality").get("mos").asDouble()).isEqualTo(4.5);
        // Stored as received: the raw JSON keeps 8x8's own spelling.
        assertThat(jdbc.queryForObject("SELECT raw -> 'payload' -> 'details' -> 'CallA' ->> 'SourceRefId' FROM session_summary",
                String.class)).isEqualTo("null");
        assertThat(version(id)).isEqualTo(2);
    }

    @Test
    void failureExampleSetsErrorWithItsCode() {
        UUID id = dispatched("SUBMITTED", "47f19e66-2163-11ee-8ccd-27b543a164ea");

        assertThat(postSummary(FAILURE_EXAMPLE, SECRET).status()).isEqualTo(200);

        JsonNode message = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(message.get("status").asString()).isEqualTo("ERROR");
        JsonNode summary = message.get("summary");
        assertThat(summary.get("sessionStatus").asString()).isEqualTo("ERROR");
        assertThat(summary.get("errorCode").asInt()).isEqualTo(-2004);
        assertThat(summary.get("errorMessage").asString()).isEqualTo("No coverage available for requested area");
        assertThat(summary.get("callDuration").asInt()).isZero();
        assertThat(summary.get("legs").get(0).has("connectedTimestamp")).isFalse();
    }

    // --- spelling variants ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "sessionStatus {0} -> {1}")
    @CsvSource({
            "COMPLETED, COMPLETED",
            "NO_ANSWER, NO_ANSWER",
            "NO ANSWER, NO_ANSWER",
            "BUSY, BUSY",
            "CANCELED, CANCELED",
            "CANCELLED, CANCELED",
            "FAILED, FAILED",
            "ERROR, ERROR",
            "COMPLETED_UNSUBSCRIBED, COMPLETED",
            "COMPLETED_UNSUB_ERROR, COMPLETED",
            "UNSUBSCRIBED_CONTACT, FAILED",
            "SOMETHING_NEW, FAILED"})
    void everySessionStatusSpellingMapsToItsMessageStatus(String sessionStatus, String expected) {
        String sessionId = UUID.randomUUID().toString();
        UUID id = dispatched("SUBMITTED", sessionId);

        assertThat(postSummary(summary(sessionId, null, sessionStatus, Map.of()), SECRET).status()).isEqualTo(200);

        JsonNode message = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(message.get("status").asString()).isEqualTo(expected);
        assertThat(message.get("summary").get("sessionStatus").asString()).isEqualTo(sessionStatus);
    }

    @Test
    void legacyEventTypeVersionStringErrorCodeLowerCaseKeysAndUnknownFieldsAreAccepted() {
        String sessionId = UUID.randomUUID().toString();
        UUID id = dispatched("SUBMITTED", sessionId);
        String body = """
                {"namespace": "VOICE", "eventType": "CALL_STATUS", "version": 5, "somethingNew": {"x": [1, 2]},
                 "payload": {"sessionId": "%s", "sessionStatus": "ERROR", "newField": true,
                   "errorDetails": {"errorMsg": "The trunk capacity has been exceeded", "errorCode": "-2010",
                                    "callFlowRequestId": "abc", "action": "makeCall"},
                   "details": {"callA": {"callId": "c1", "callDirection": "OUTBOUND", "sourceRefId": "null",
                                         "callStatus": "ERROR", "callDuration": "0", "extra": 1}}}}
                """.formatted(sessionId);

        assertThat(postSummary(body, SECRET).status()).isEqualTo(200);

        // -2010 as a string still reads as trunk capacity exceeded: the call was never placed, so it is placed again.
        JsonNode message = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(message.get("status").asString()).isEqualTo("QUEUED");
        assertThat(message.at("/calls/0/status").asString()).isEqualTo("NOT_PLACED");
        assertThat(message.at("/calls/1/status").asString()).isEqualTo("QUEUED");
        JsonNode summary = message.at("/calls/0/summary");
        assertThat(summary.get("errorCode").asInt()).isEqualTo(-2010);
        assertThat(summary.get("legs").get(0).get("name").asString()).isEqualTo("callA");
        assertThat(summary.get("callDuration").asInt()).isZero();
    }

    @Test
    void legStatusNoAnswerWithASpaceAndTwoLegsPickTheDestinationLeg() {
        String sessionId = UUID.randomUUID().toString();
        UUID id = dispatched("SUBMITTED", sessionId);
        String body = """
                {"eventType": "SESSION_SUMMARY", "payload": {"sessionId": "%s", "sessionStatus": "NO ANSWER",
                   "details": {
                     "CallB": {"callId": "b", "callDirection": "OUTBOUND", "destination": "+6591178965",
                               "callStatus": "NO ANSWER", "callDuration": 0},
                     "CallA": {"callId": "a", "callDirection": "OUTBOUND", "destination": "+6500000000",
                               "callStatus": "COMPLETED", "callDuration": 42}}}}
                """.formatted(sessionId);

        assertThat(postSummary(body, SECRET).status()).isEqualTo(200);

        JsonNode summary = get("/voice-messages/" + id, ALPHA_KEY).json().get("summary");
        assertThat(summary.get("legs").get(0).get("name").asString()).isEqualTo("callA");
        assertThat(summary.get("legs").get(1).get("callStatus").asString()).isEqualTo("NO ANSWER");
        assertThat(summary.get("callDuration").asInt()).isZero();
    }

    // --- authorization --------------------------------------------------------------------------------------

    @Test
    void wrongAuthorizationIsRefusedAndNothingIsStored() {
        UUID id = dispatched("SUBMITTED", "1f048a84-ea6d-11ee-911b-078f7290bf52");
        double before = rejected("wrong_authorization");

        Answer answer = postSummary(SUCCESS_EXAMPLE, "Bearer test-webhook-secreT");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.raw().body()).doesNotContain("test-webhook-secret");
        assertThat(storedSummaries()).isZero();
        assertThat(status(id)).isEqualTo("SUBMITTED");
        assertThat(rejected("wrong_authorization")).isEqualTo(before + 1);
    }

    @Test
    void missingAuthorizationIsRefusedAndNothingIsStored() {
        dispatched("SUBMITTED", "1f048a84-ea6d-11ee-911b-078f7290bf52");
        double before = rejected("missing_authorization");

        Answer answer = postSummary(SUCCESS_EXAMPLE, null);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(storedSummaries()).isZero();
        assertThat(rejected("missing_authorization")).isEqualTo(before + 1);
    }

    @Test
    void theApiKeyIsNotAWayIn() {
        Answer answer = send(request(PATH, OPS_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SUCCESS_EXAMPLE)).build());

        assertThat(answer.status()).isEqualTo(401);
        assertThat(storedSummaries()).isZero();
    }

    // --- duplicates -----------------------------------------------------------------------------------------

    @Test
    void aDuplicateIsOkAndHasNoSecondEffect() {
        UUID id = dispatched("SUBMITTED", "1f048a84-ea6d-11ee-911b-078f7290bf52");

        assertThat(postSummary(SUCCESS_EXAMPLE, SECRET).json().get("outcome").asString()).isEqualTo("APPLIED");
        long versionAfterFirst = version(id);
        Answer second = postSummary(SUCCESS_EXAMPLE, SECRET);

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("outcome").asString()).isEqualTo("DUPLICATE");
        assertThat(version(id)).isEqualTo(versionAfterFirst);
        assertThat(status(id)).isEqualTo("COMPLETED");
        assertThat(storedSummaries()).isEqualTo(2);
    }

    @Test
    void concurrentDeliveriesOfOneSummaryApplyOnce() throws Exception {
        UUID id = dispatched("SUBMITTED", "1f048a84-ea6d-11ee-911b-078f7290bf52");
        long versionBefore = version(id);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        // Hold the message row so all eight deliveries are inside their statement at the same moment, then let go.
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM voice_message WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, id);
                lock.executeQuery().close();
            }
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> postSummary(SUCCESS_EXAMPLE, SECRET)));
            }
            // Only this run's deliveries: other runs share the server (each in its own schema, same statement text),
            // so count the waiting backends that hold a lock on this schema's voice_message table.
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                    SELECT count(*) FROM pg_stat_activity a
                    WHERE a.datname = current_database() AND a.wait_event_type = 'Lock'
                      AND a.query LIKE '%FROM voice_message m JOIN voice_call c%ORDER BY c.call_number%FOR NO KEY UPDATE%'
                      AND EXISTS (SELECT 1 FROM pg_locks l
                                  WHERE l.pid = a.pid AND l.relation = 'voice_message'::regclass)
                    """, Long.class) == threads);
            holder.rollback();
            List<String> outcomes = new ArrayList<>();
            for (Future<Answer> answer : answers) {
                Answer a = answer.get();
                assertThat(a.status()).isEqualTo(200);
                outcomes.add(a.json().get("outcome").asString());
            }
            assertThat(outcomes).containsOnlyOnce("APPLIED");
            assertThat(outcomes).filteredOn("DUPLICATE"::equals).hasSize(threads - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(version(id)).isEqualTo(versionBefore + 1);
        assertThat(status(id)).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM session_summary WHERE outcome = 'APPLIED'", Long.class))
                .isEqualTo(1);
    }

    /**
     * The interleaving of a summary that beats 8x8's synchronous answer: the dispatcher holds the call (its write of
     * 8x8's answer) and then inserts its attempt row, whose foreign key checks the message row, while the summary has
     * locked the message and waits for the call. The message lock must not block that check, or the two deadlock and
     * PostgreSQL aborts one of them (the summary, usually: a 503, and a lost outcome if 8x8 does not redeliver).
     */
    @Test
    void aSummaryWaitingForTheCallNeverDeadlocksWithTheDispatcherWritingItsAttempt() throws Exception {
        UUID id = dispatched("SUBMITTED", "1f048a84-ea6d-11ee-911b-078f7290bf52");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection dispatcher = dataSource.getConnection()) {
            dispatcher.setAutoCommit(false);
            try (PreparedStatement write = dispatcher.prepareStatement(
                    "UPDATE voice_call SET status_code = 1, version = version + 1 WHERE message_id = ?")) {
                write.setObject(1, id);
                write.executeUpdate();
            }
            int dispatcherPid;
            try (var pid = dispatcher.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                pid.next();
                dispatcherPid = pid.getInt(1);
            }
            Future<Answer> summary = pool.submit(() -> postSummary(SUCCESS_EXAMPLE, SECRET));
            // The summary has the message and waits for the call, which the dispatcher holds.
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                    SELECT count(*) FROM pg_stat_activity a
                    WHERE ? = ANY(pg_blocking_pids(a.pid))
                      AND a.query LIKE '%FROM voice_message m JOIN voice_call c%ORDER BY c.call_number%UPDATE%'
                    """, Long.class, dispatcherPid) == 1);
            try (PreparedStatement attempt = dispatcher.prepareStatement("""
                    INSERT INTO dispatch_attempt (message_id, call_number, attempt_number, started_at, outcome)
                    VALUES (?, 1, 1, now(), 'SUBMITTED')""")) {
                // Far longer than PostgreSQL's deadlock check (1 s): a wait here would be the deadlock.
                dispatcher.createStatement().execute("SET LOCAL lock_timeout = '5s'");
                attempt.setObject(1, id);
                assertThat(attempt.executeUpdate()).isEqualTo(1);
            }
            dispatcher.commit();
            Answer answer = summary.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
            assertThat(answer.json().get("outcome").asString()).isEqualTo("APPLIED");
        } finally {
            pool.shutdownNow();
        }
        assertThat(status(id)).isEqualTo("COMPLETED");
    }

    // --- matching -------------------------------------------------------------------------------------------

    @Test
    void unknownIsSettledThroughClientRequestIdAndLearnsTheSessionId() {
        UUID id = dispatched("UNKNOWN", null);
        String sessionId = UUID.randomUUID().toString();

        Answer answer = postSummary(summary(sessionId, id.toString(), "COMPLETED", Map.of()), SECRET);

        assertThat(answer.json().get("outcome").asString()).isEqualTo("APPLIED");
        JsonNode message = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(message.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(message.get("sessionId").asString()).isEqualTo(sessionId);
        assertThat(message.get("summary").get("sessionStatus").asString()).isEqualTo("COMPLETED");
    }

    @Test
    void clientRequestIdWinsOverSessionId() {
        // No sessionId of its own yet (a lost answer): with one, another session's summary would be a second call.
        UUID byRequestId = dispatched("UNKNOWN", null);
        String otherSession = UUID.randomUUID().toString();
        UUID bySession = dispatched("SUBMITTED", otherSession);

        postSummary(summary(otherSession, byRequestId.toString(), "BUSY", Map.of()), SECRET);

        assertThat(status(byRequestId)).isEqualTo("BUSY");
        assertThat(status(bySession)).isEqualTo("SUBMITTED");
    }

    @Test
    void aClientRequestIdThatIsNotOursFallsBackToTheSessionId() {
        String sessionId = UUID.randomUUID().toString();
        UUID id = dispatched("SUBMITTED", sessionId);

        Answer answer = postSummary(summary(sessionId, "Request-Id-Client-Confirmation-1200", "COMPLETED", Map.of()),
                SECRET);

        assertThat(answer.json().get("outcome").asString()).isEqualTo("APPLIED");
        assertThat(status(id)).isEqualTo("COMPLETED");
    }

    @Test
    void aSummaryBeforeItsSessionIdIsKnownIsKeptListedAndLinkedByTheEvent() {
        UUID id = dispatched("SENDING", null);
        String sessionId = UUID.randomUUID().toString();

        Answer answer = postSummary(summary(sessionId, null, "NO_ANSWER", Map.of()), SECRET);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("outcome").asString()).isEqualTo("UNMATCHED");
        JsonNode unmatched = get("/admin/session-summaries?matched=false", OPS_KEY).json().get("items");
        assertThat(unmatched).hasSize(1);
        assertThat(unmatched.get(0).get("sessionId").asString()).isEqualTo(sessionId);
        assertThat(unmatched.get(0).get("sessionStatus").asString()).isEqualTo("NO_ANSWER");
        assertThat(status(id)).isEqualTo("SENDING");

        // Dispatch commits 8x8's answer, then tells everyone.
        submit(id, "SUBMITTED", sessionId);
        events.publishEvent(new SessionRecorded(id, sessionId));

        await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("NO_ANSWER"));
        assertThat(get("/admin/session-summaries?matched=false", OPS_KEY).json().get("items")).isEmpty();
        assertThat(get("/voice-messages/" + id, ALPHA_KEY).json().get("summary").get("sessionStatus").asString())
                .isEqualTo("NO_ANSWER");
    }

    @Test
    void anEventPublishedInsideDispatchsTransactionLinksAfterItsCommit() {
        UUID id = dispatched("SENDING", null);
        String sessionId = UUID.randomUUID().toString();
        postSummary(summary(sessionId, null, "BUSY", Map.of()), SECRET);

        transactions.executeWithoutResult(tx -> {
            submit(id, "SUBMITTED", sessionId);
            events.publishEvent(new SessionRecorded(id, sessionId));
            // Not linked before the commit: the listener waits for it.
            assertThat(jdbc.queryForObject("SELECT count(*) FROM session_summary WHERE message_id IS NULL", Long.class))
                    .isEqualTo(1);
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("BUSY"));
        assertThat(jdbc.queryForObject("SELECT outcome FROM session_summary", String.class)).isEqualTo("APPLIED");
    }

    @Test
    void theSweepLinksSummariesWhoseEventWasMissed() {
        UUID id = dispatched("SENDING", null);
        String sessionId = UUID.randomUUID().toString();
        postSummary(summary(sessionId, null, "COMPLETED", Map.of()), SECRET);
        postSummary(summary(sessionId, null, "COMPLETED", Map.of()), SECRET);
        submit(id, "SUBMITTED", sessionId);

        assertThat(linker.sweep()).isEqualTo(2);

        assertThat(status(id)).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForList("SELECT outcome FROM session_summary ORDER BY id", String.class))
                .containsExactly("APPLIED", "DUPLICATE");
        assertThat(linker.sweep()).isZero();
    }

    // --- disagreement ---------------------------------------------------------------------------------------

    @Test
    void aDisagreeingSecondSummaryIsFlaggedAndDoesNotOverwrite() {
        String sessionId = UUID.randomUUID().toString();
        UUID id = dispatched("SUBMITTED", sessionId);
        postSummary(summary(sessionId, null, "COMPLETED", Map.of()), SECRET);
        long version = version(id);

        Answer second = postSummary(summary(sessionId, null, "BUSY", Map.of()), SECRET);

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("outcome").asString()).isEqualTo("CONFLICT");
        assertThat(status(id)).isEqualTo("COMPLETED");
        assertThat(version(id)).isEqualTo(version);
        JsonNode summary = get("/voice-messages/" + id, ALPHA_KEY).json().get("summary");
        assertThat(summary.get("sessionStatus").asString()).isEqualTo("COMPLETED");
        assertThat(summary.get("disagreeingSummaries").asInt()).isEqualTo(1);
        assertThat(get("/admin/session-summaries?outcome=CONFLICT", OPS_KEY).json().get("items")).hasSize(1);
    }

    @Test
    void aSummaryDisagreeingWithAFailedByTheUnknownWindowIsFlagged() {
        UUID id = dispatched("FAILED", null);
        String sessionId = UUID.randomUUID().toString();

        Answer answer = postSummary(summary(sessionId, id.toString(), "COMPLETED", Map.of()), SECRET);

        assertThat(answer.json().get("outcome").asString()).isEqualTo("CONFLICT");
        assertThat(status(id)).isEqualTo("FAILED");
        // The call did happen: ops can now find it at 8x8 by its sessionId.
        assertThat(jdbc.queryForObject("SELECT session_id FROM message_state WHERE id = ?", String.class, id))
                .isEqualTo(sessionId);
        assertThat(get("/voice-messages/" + id, ALPHA_KEY).json().get("summary").get("outcome").asString())
                .isEqualTo("CONFLICT");
    }

    // --- malformed ------------------------------------------------------------------------------------------

    @Test
    void aBodyThatIsNotJsonIs400AndNotStored() {
        Answer answer = postSummary("{\"payload\": {\"sessionId\": ", SECRET);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asString()).contains("not valid JSON");
        assertThat(storedSummaries()).isZero();
    }

    @Test
    void jsonThatIsNotAnObjectIs400() {
        assertThat(postSummary("[1, 2]", SECRET).status()).isEqualTo(400);
        assertThat(postSummary("", SECRET).status()).isEqualTo(400);
        assertThat(storedSummaries()).isZero();
    }

    @Test
    void jsonThatJsonbCannotHoldIs400NotA500() {
        Answer answer = postSummary("{\"payload\": {\"sessionId\": \"a\\u0000b\", \"sessionStatus\": \"COMPLETED\"}}", SECRET);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(storedSummaries()).isZero();
    }

    @Test
    void aNulAnywhereIsBadInputNamedByItsPathBeforeTheDatabaseSeesIt() {
        double malformed = meters.counter("voice_gateway.webhook.malformed").count();
        Answer inId = postSummary("{\"payload\": {\"sessionId\": \"a\\u0000b\", \"sessionStatus\": \"COMPLETED\"}}",
                SECRET);
        Answer deeper = postSummary("{\"payload\": {\"sessionId\": \"s\", \"details\": {\"callA\": {\"callId\":"
                + " \"\\u0000\"}}, \"legs\": [1, \"x\\u0000\"]}}", SECRET);

        assertThat(inId.status()).isEqualTo(400);
        assertThat(inId.json().get("errors").get(0).get("field").asString()).isEqualTo("payload.sessionId");
        assertThat(inId.json().get("errors").get(0).get("message").asString()).isEqualTo("must not contain NUL (U+0000)");
        assertThat(deeper.status()).isEqualTo(400);
        assertThat(deeper.json().get("errors").get(0).get("field").asString()).isEqualTo("payload.details.callA.callId");
        assertThat(meters.counter("voice_gateway.webhook.malformed").count()).isEqualTo(malformed + 2);
        assertThat(storedSummaries()).isZero();
    }

    @Test
    void aSummaryForNoKnownMessageIsStoredUnmatched() {
        Answer answer = postSummary(SUCCESS_EXAMPLE, SECRET);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("outcome").asString()).isEqualTo("UNMATCHED");
        assertThat(storedSummaries()).isEqualTo(1);
    }

    // --- anything authenticated is stored ------------------------------------------------------------------

    @Test
    void hugeNumbersAreStoredAndAppliedNotA500() {
        String sessionId = UUID.randomUUID().toString();
        UUID id = dispatched("SUBMITTED", sessionId);
        String body = """
                {"eventType": "SESSION_SUMMARY", "version": 1e300,
                 "payload": {"sessionId": "%s", "sessionStatus": "COMPLETED", "startTime": 1e300,
                   "endTime": "1e300", "callCount": 1e300, "errorDetails": {"errorCode": 99999999999999999999},
                   "details": {"callA": {"callId": "a", "callDirection": "OUTBOUND", "initiatedTimestamp": -1e300,
                                         "callDuration": 1e300, "callQuality": {"mos": 1e300}}}}}
                """.formatted(sessionId);

        Answer answer = postSummary(body, SECRET);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("outcome").asString()).isEqualTo("APPLIED");
        assertThat(storedSummaries()).isEqualTo(1);
        JsonNode message = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(message.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(message.get("summary").has("startTime")).isFalse();
        assertThat(message.get("summary").has("callCount")).isFalse();
        // Stored as received.
        assertThat(jdbc.queryForObject(
                "SELECT (raw -> 'payload' ->> 'startTime')::numeric = 1e300::numeric FROM session_summary", Boolean.class))
                .isTrue();
    }

    @Test
    void overlongIdsAndStatusAreStoredInFullAndMatchNothingNotA503() {
        UUID id = dispatched("SUBMITTED", UUID.randomUUID().toString());
        // Random text, so PostgreSQL cannot compress it under the btree's ~2.7 KB entry limit.
        StringBuilder random = new StringBuilder();
        while (random.length() < 6000) {
            random.append(UUID.randomUUID());
        }
        String longId = random.toString();
        String body = """
                {"eventType": "SESSION_SUMMARY", "payload": {"sessionId": "%s", "clientRequestId": "%s",
                  "sessionStatus": "%s"}}
                """.formatted(longId, id + longId, "COMPLETED" + longId);

        Answer answer = postSummary(body, SECRET);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("outcome").asString()).isEqualTo("UNMATCHED");
        assertThat(status(id)).isEqualTo("SUBMITTED");
        Map<String, Object> row = jdbc.queryForMap("""
                SELECT session_id, client_request_id, length(session_status) AS status_length,
                       raw -> 'payload' ->> 'sessionId' AS raw_session_id FROM session_summary
                """);
        assertThat(row.get("session_id")).isNull();
        assertThat(row.get("client_request_id")).isNull();
        assertThat(row.get("status_length")).isEqualTo(255);
        assertThat(row.get("raw_session_id")).isEqualTo(longId);
        // The linker's lookups cope with it too.
        assertThat(linker.sweep()).isZero();
    }

    @Test
    void dataErrorsAndProgramLimitsFromTheStoreAreTheBodysFaultNotAnOutage() {
        assertThat(SessionSummaryController.isBadData(sqlError("54000"))).isTrue();
        assertThat(SessionSummaryController.isBadData(sqlError("22P05"))).isTrue();
        assertThat(SessionSummaryController.isBadData(sqlError("22001"))).isTrue();
        assertThat(SessionSummaryController.isBadData(sqlError("08006"))).isFalse();
        assertThat(SessionSummaryController.isBadData(sqlError("40001"))).isFalse();
    }

    // --- second session, queued retry -----------------------------------------------------------------------

    @Test
    void aCompletedSummaryOfAnotherSessionIsFlaggedAndCompletesTheCallAndTheMessage() {
        String firstSession = UUID.randomUUID().toString();
        UUID id = dispatched("SUBMITTED", firstSession);
        double before = summaries("second_session");

        Answer answer = postSummary(summary(UUID.randomUUID().toString(), id.toString(), "COMPLETED", Map.of()), SECRET);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("outcome").asString()).isEqualTo("SECOND_SESSION");
        assertThat(answer.json().get("messageId").asString()).isEqualTo(id.toString());
        assertThat(summaries("second_session")).isEqualTo(before + 1);
        assertThat(get("/admin/session-summaries?outcome=SECOND_SESSION", OPS_KEY).json().get("items")).hasSize(1);
        // One session completed: the person was reached. The message keeps its own session id.
        assertThat(status(id)).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForMap("SELECT status, unknown_at IS NOT NULL AS never_followed FROM voice_call"
                + " WHERE message_id = ?", id)).containsEntry("status", "COMPLETED").containsEntry("never_followed", true);
        assertThat(jdbc.queryForObject("SELECT session_id FROM message_state WHERE id = ?", String.class, id))
                .isEqualTo(firstSession);

        // The first session's own summary comes later and changes nothing.
        assertThat(postSummary(summary(firstSession, id.toString(), "NO_ANSWER", Map.of()), SECRET).json()
                .get("outcome").asString()).isEqualTo("CONFLICT");
        assertThat(status(id)).isEqualTo("COMPLETED");
    }

    @Test
    void anotherSessionThatDidNotCompleteIsFlaggedAndOnlyMarksTheCallNeverFollowed() {
        String firstSession = UUID.randomUUID().toString();
        UUID id = dispatched("SUBMITTED", firstSession);
        long version = version(id);

        Answer answer = postSummary(summary(UUID.randomUUID().toString(), id.toString(), "BUSY", Map.of()), SECRET);

        assertThat(answer.json().get("outcome").asString()).isEqualTo("SECOND_SESSION");
        assertThat(status(id)).isEqualTo("SUBMITTED");
        assertThat(version(id)).isEqualTo(version);
        assertThat(jdbc.queryForObject("SELECT unknown_at IS NOT NULL FROM voice_call WHERE message_id = ?",
                Boolean.class, id)).isTrue();

        assertThat(postSummary(summary(firstSession, id.toString(), "NO_ANSWER", Map.of()), SECRET).json()
                .get("outcome").asString()).isEqualTo("APPLIED");
        JsonNode summary = get("/voice-messages/" + id, ALPHA_KEY).json().get("summary");
        assertThat(summary.get("sessionId").asString()).isEqualTo(firstSession);
        assertThat(summary.get("disagreeingSummaries").asInt()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("NO_ANSWER");
    }

    @Test
    void aSummaryForAQueuedRetrySettlesTheMessage() {
        UUID id = dispatched("QUEUED", null);
        jdbc.update("UPDATE voice_call SET attempts = 1, next_attempt_at = now() + interval '1 hour' WHERE message_id = ?",
                id);
        String sessionId = UUID.randomUUID().toString();

        Answer answer = postSummary(summary(sessionId, id.toString(), "BUSY", Map.of()), SECRET);

        assertThat(answer.json().get("outcome").asString()).isEqualTo("APPLIED");
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT status, session_id, next_attempt_at FROM message_state WHERE id = ?", id);
        assertThat(row.get("status")).isEqualTo("BUSY");
        assertThat(row.get("session_id")).isEqualTo(sessionId);
        assertThat(row.get("next_attempt_at")).isNull();
    }

    // --- admin ----------------------------------------------------------------------------------------------

    @Test
    void summaryListIsForOpsOnly() {
        assertThat(get("/admin/session-summaries", ALPHA_KEY).status()).isEqualTo(403);
        assertThat(get("/admin/session-summaries", null).status()).isEqualTo(401);
        assertThat(get("/admin/session-summaries?outcome=NOPE", OPS_KEY).status()).isEqualTo(400);
    }

    @Test
    void registeringWithoutAPublicUrlIsAClearProblem() {
        Answer answer = post("/admin/eightbyeight/webhook", OPS_KEY, "");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asString()).contains("gateway.webhook.public-url");
        assertThat(post("/admin/eightbyeight/webhook", ALPHA_KEY, "").status()).isEqualTo(403);
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** A message as intake creates it, then moved the way dispatch would (raw SQL, version bumped). */
    UUID dispatched(String status, String sessionId) {
        Answer created = post("/voice-messages", ALPHA_KEY,
                "{\"destination\": \"+6591178965\", \"source\": \"+6568332048\", \"text\": \"Your parcel arrives\"}");
        assertThat(created.status()).isEqualTo(202);
        UUID id = UUID.fromString(created.json().get("id").asString());
        submit(id, status, sessionId);
        return id;
    }

    static String summary(String sessionId, String clientRequestId, String sessionStatus, Map<String, String> extra) {
        return """
                {"namespace": "VOICE", "eventType": "SESSION_SUMMARY", "description": "Summary of a completed call session",
                 "payload": {"sessionId": "%s", %s"subAccountId": "8x8_test", "sessionStatus": "%s",
                   "startTime": "2024-03-25T06:01:30Z", "endTime": "2024-03-25T06:01:50Z", "lastAction": "SAY",
                   "callCount": 1,
                   "details": {"callA": {"callId": "%s", "callDirection": "OUTBOUND", "callType": "PSTN",
                     "destination": "+6591178965", "callStatus": "%s", "callDuration": 7}}}}
                """.formatted(sessionId, clientRequestId == null ? "" : "\"clientRequestId\": \"" + clientRequestId + "\", ",
                sessionStatus, UUID.randomUUID(), sessionStatus);
    }

    Answer postSummary(String body, String authorization) {
        HttpRequest.Builder request = request(PATH, null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    String status(UUID id) {
        return jdbc.queryForObject("SELECT status FROM message_state WHERE id = ?", String.class, id);
    }

    long version(UUID id) {
        return ledgerRows().moves(id);
    }

    long storedSummaries() {
        return jdbc.queryForObject("SELECT count(*) FROM session_summary", Long.class);
    }

    double summaries(String outcome) {
        var counter = meters.find("voice_gateway.webhook.summaries").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    static org.springframework.dao.DataAccessException sqlError(String sqlState) {
        return new org.springframework.jdbc.UncategorizedSQLException("store", "INSERT",
                new java.sql.SQLException("refused", sqlState));
    }

    double rejected(String reason) {
        var counter = meters.find("voice_gateway.webhook.rejected").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
