package com.example.voicegateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.http.HttpRequest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A message as one or more calls: redial on a proven no-answer or busy, fallbacks in order, never a second call
 * after an unknown outcome, a refusal or a completed call, never after validUntil. 8x8 is WireMock; its session
 * summaries are posted to the real webhook, as 8x8 would. The dispatcher is stepped on the test's clock: a redial is
 * seen not to be claimed a millisecond before it is due, and claimed when it is.
 */
class RedialTest extends DispatchTestBase {

    static final String WEBHOOK = "/webhooks/8x8/voice-session-summary";
    static final String DESTINATION = "+6591234567";
    static final String FALLBACK_1 = "+6598765432";
    static final String FALLBACK_2 = "+6598765433";

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void aNoAnswerIsRedialedNoSoonerThanTheIntervalAfterItsSummaryAndTheAnswerEndsTheMessage() {
        stubCreated();
        UUID id = send("""
                {"destination": "%s", "text": "Your courier is at the door.",
                 "redial": {"maxCalls": 3, "interval": "PT0.5S", "on": ["NO_ANSWER", "BUSY"]}}
                """.formatted(DESTINATION));
        assertThat(step()).isEqualTo(1);
        assertThat(callflows()).hasSize(1);
        assertThat(status(id)).isEqualTo("SUBMITTED");

        Instant summaryAt = clock.instant();
        summary(id.toString(), "NO_ANSWER", null);
        JsonNode between = view(id);
        assertThat(between.get("status").asString()).isEqualTo("QUEUED");
        assertThat(between.at("/calls/0/status").asString()).isEqualTo("NO_ANSWER");
        assertThat(between.at("/calls/1/status").asString()).isEqualTo("QUEUED");
        assertThat(between.at("/calls/1/kind").asString()).isEqualTo("REDIAL");
        assertThat(between.at("/calls/1/clientRequestId").asString()).isEqualTo(id + ":2");
        assertThat(Instant.parse(between.get("nextAttemptAt").asString()))
                .isAfterOrEqualTo(summaryAt.plusMillis(500));

        assertThat(stepWhenDue(id)).isEqualTo(1);
        List<LoggedRequest> sent = callflows();
        assertThat(sent).extracting(RedialTest::clientRequestId).containsExactly(id.toString(), id + ":2");
        assertThat(clock.instant()).isAfterOrEqualTo(summaryAt.plusMillis(500));
        Map<String, Object> calls = jdbc.queryForMap("""
                SELECT (SELECT ended_at FROM voice_call WHERE message_id = ? AND call_number = 1) AS first_ended,
                       (SELECT started_at FROM voice_call WHERE message_id = ? AND call_number = 2) AS second_started
                """, id, id);
        assertThat(((Timestamp) calls.get("second_started")).toInstant())
                .isAfterOrEqualTo(((Timestamp) calls.get("first_ended")).toInstant().plusMillis(500));
        assertThat(status(id)).isEqualTo("SUBMITTED");

        double redialsCompleted = calls("redial", "COMPLETED");
        summary(id + ":2", "COMPLETED", null);
        assertThat(calls("redial", "COMPLETED")).isEqualTo(redialsCompleted + 1);
        JsonNode done = view(id);
        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("calls").valueStream().map(c -> c.get("status").asString()))
                .containsExactly("NO_ANSWER", "COMPLETED");
        assertThat(done.at("/calls/1/sessionId").asString()).isEqualTo("sess-" + id + ":2");
        assertThat(done.get("sessionId").asString()).as("the latest call's").isEqualTo("sess-" + id + ":2");
        assertThat(done.at("/summary/sessionStatus").asString()).isEqualTo("COMPLETED");
        assertThat(done.at("/calls/0/summary/sessionStatus").asString()).isEqualTo("NO_ANSWER");
        assertThat(done.get("attempts").valueStream().map(a -> a.get("callNumber").asInt())).containsExactly(1, 2);
        assertThat(done.at("/redial/maxCalls").asInt()).isEqualTo(3);
        assertThat(done.at("/redial/interval").asString()).isEqualTo("PT0.5S");
        // Nothing more: the message is complete.
        assertNoFurtherCall(id, Duration.ofMillis(500));
        assertThat(callflows()).hasSize(2);
        assertThat(get("/voice-messages?multipleCalls=true", ALPHA_KEY).json().get("items").valueStream()
                .map(m -> m.get("id").asString())).containsExactly(id.toString());
        assertThat(get("/voice-messages?multipleCalls=false", ALPHA_KEY).json().get("items")).isEmpty();
    }

    @Test
    void whenMaxCallsAreUsedUpTheMessageEndsWithTheLastOutcome() {
        stubCreated();
        UUID id = send(redial(DESTINATION, 2, "PT0.2S", ""));
        placeAndSettle(id.toString(), "NO_ANSWER", 1);
        placeAndSettle(id + ":2", "NO_ANSWER", 2);

        assertThat(status(id)).isEqualTo("NO_ANSWER");
        assertNoFurtherCall(id, Duration.ofMillis(200));
        assertThat(callflows()).hasSize(2);
        assertThat(view(id).get("calls").valueStream().map(c -> c.get("status").asString()))
                .containsExactly("NO_ANSWER", "NO_ANSWER");
    }

    @Test
    void fallbacksAreCalledInOrderOnceTheDestinationsCallsAreUsedUp() {
        stubCreated();
        UUID id = send(redial(DESTINATION, 1, "PT0.2S", ", \"fallbackDestinations\": [\"%s\", \"%s\"]"
                .formatted(FALLBACK_1, FALLBACK_2)));
        placeAndSettle(id.toString(), "NO_ANSWER", 1);
        placeAndSettle(id + ":2", "BUSY", 2);
        placeAndSettle(id + ":3", "COMPLETED", 3);

        assertThat(status(id)).isEqualTo("COMPLETED");
        assertNoFurtherCall(id, Duration.ofMillis(200));
        assertThat(callflows()).extracting(RedialTest::destination).containsExactly(DESTINATION, FALLBACK_1, FALLBACK_2);
        JsonNode view = view(id);
        assertThat(view.get("calls").valueStream().map(c -> c.get("kind").asString()))
                .containsExactly("FIRST", "FALLBACK", "FALLBACK");
        assertThat(view.get("calls").valueStream().map(c -> c.get("destination").asString()))
                .containsExactly(DESTINATION, FALLBACK_1, FALLBACK_2);
        assertThat(view.get("fallbackDestinations").valueStream().map(JsonNode::asString))
                .containsExactly(FALLBACK_1, FALLBACK_2);
    }

    @Test
    void anUnknownOutcomeIsNeverFollowedByAnotherCallEvenWhenItsSummaryLaterSaysNoAnswer() {
        // A 500 without a NOT_CREATED body: the call may exist.
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500)));
        UUID id = send(redial(DESTINATION, 3, "PT0.2S", ", \"fallbackDestinations\": [\"%s\"]".formatted(FALLBACK_1)));
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("UNKNOWN");

        summary(id.toString(), "NO_ANSWER", null);

        assertThat(status(id)).isEqualTo("NO_ANSWER");
        assertNoFurtherCall(id, Duration.ofMillis(200));
        assertThat(callflows()).hasSize(1);
        JsonNode view = view(id);
        assertThat(view.get("calls")).hasSize(1);
        assertThat(view.get("lastError").asString()).contains("unknown outcome");
    }

    @Test
    void aSecondSessionThatCompletedEndsTheMessageAndTheFirstSessionsNoAnswerRingsNobodyAgain() {
        stubCreated();
        UUID id = send(redial(DESTINATION, 3, "PT0.2S", ""));
        placeFirstCall(id);

        assertThat(summary(id.toString(), "sess-other", "COMPLETED", null)).isEqualTo("SECOND_SESSION");
        assertThat(status(id)).isEqualTo("COMPLETED");
        assertThat(summary(id.toString(), "sess-" + id, "NO_ANSWER", null)).isEqualTo("CONFLICT");

        assertNoFurtherCall(id, Duration.ofMillis(200));
        assertThat(callflows()).hasSize(1);
        assertThat(status(id)).isEqualTo("COMPLETED");
        assertThat(view(id).get("calls")).singleElement()
                .satisfies(call -> assertThat(call.get("status").asString()).isEqualTo("COMPLETED"));
    }

    @Test
    void aCallEightByEightPlacedTwoSessionsForIsNeverFollowedByAnotherCall() {
        stubCreated();
        UUID id = send(redial(DESTINATION, 3, "PT0.2S", ", \"fallbackDestinations\": [\"%s\"]".formatted(FALLBACK_1)));
        placeFirstCall(id);

        assertThat(summary(id.toString(), "sess-other", "BUSY", null)).isEqualTo("SECOND_SESSION");
        summary(id.toString(), "NO_ANSWER", null);

        assertNoFurtherCall(id, Duration.ofMillis(200));
        assertThat(callflows()).hasSize(1);
        assertThat(status(id)).isEqualTo("NO_ANSWER");
        assertThat(view(id).get("calls")).hasSize(1);
    }

    @Test
    void aCallWithASecondSessionIsNotPlacedAgainEvenWhenItsOwnSessionWasNeverPlaced() {
        stubCreated();
        UUID id = send(redial(DESTINATION, 3, "PT0.2S", ""));
        placeFirstCall(id);

        assertThat(summary(id.toString(), "sess-other", "NO_ANSWER", null)).isEqualTo("SECOND_SESSION");
        summary(id.toString(), "ERROR", -2010);

        assertNoFurtherCall(id, Duration.ofMillis(200));
        assertThat(callflows()).hasSize(1);
        assertThat(status(id)).isEqualTo("ERROR");
        assertThat(view(id).get("lastError").asString()).contains("another session");
    }

    @Test
    void aRejectedCallIsNeverRedialed() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sessionStatus\":\"NOT_CREATED\",\"statusCode\":-1017,"
                        + "\"statusMessage\":\"Invalid MSISDN format in Destination\"}")));
        UUID id = send(redial(DESTINATION, 3, "PT0.2S", ", \"fallbackDestinations\": [\"%s\"]".formatted(FALLBACK_1)));

        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("REJECTED");
        assertNoFurtherCall(id, Duration.ofMillis(200));
        assertThat(callflows()).hasSize(1);
        assertThat(view(id).at("/calls/0/status").asString()).isEqualTo("REJECTED");
    }

    @Test
    void aCompletedCallEndsTheMessageWhateverRedialSays() {
        stubCreated();
        UUID id = send(redial(DESTINATION, 5, "PT0.2S", ", \"fallbackDestinations\": [\"%s\"]".formatted(FALLBACK_1)));
        placeAndSettle(id.toString(), "COMPLETED", 1);

        assertThat(status(id)).isEqualTo("COMPLETED");
        assertNoFurtherCall(id, Duration.ofMillis(200));
        assertThat(callflows()).hasSize(1);
    }

    @Test
    void noCallIsPlannedThatCouldNotStartBeforeValidUntil() {
        stubCreated();
        Instant validUntil = clock.instant().plusSeconds(30);
        UUID id = send("""
                {"destination": "%s", "text": "hi", "validUntil": "%s",
                 "redial": {"maxCalls": 3, "interval": "PT1M"}}
                """.formatted(DESTINATION, validUntil));
        placeAndSettle(id.toString(), "NO_ANSWER", 1);

        assertThat(status(id)).isEqualTo("NO_ANSWER");
        assertThat(view(id).get("lastError").asString()).contains("validUntil");
        assertThat(view(id).get("calls")).hasSize(1);
    }

    @Test
    void aCancelBetweenCallsStopsTheRemainingCalls() {
        stubCreated();
        // A minute between calls: the cancel surely comes before call 2 is due, however loaded the machine.
        UUID id = send(redial(DESTINATION, 3, "PT1M", ""));
        placeAndSettle(id.toString(), "NO_ANSWER", 1);
        assertThat(status(id)).isEqualTo("QUEUED");

        Answer canceled = post("/voice-messages/" + id + "/cancel", ALPHA_KEY, "");

        assertThat(canceled.status()).as(canceled.raw().body()).isEqualTo(200);
        assertThat(canceled.json().get("status").asString()).isEqualTo("CANCELED");
        assertThat(canceled.json().get("calls").valueStream().map(c -> c.get("status").asString()))
                .containsExactly("NO_ANSWER", "CANCELED");
        // Were call 2 still planned, making it due now would get it placed at once; canceled, it never is.
        jdbc.update("UPDATE voice_call SET next_attempt_at = ? WHERE message_id = ?", Timestamp.from(clock.instant()),
                id);
        assertThat(step()).isZero();
        assertThat(callflows()).hasSize(1);
        assertThat(status(id)).isEqualTo("CANCELED");
    }

    @Test
    void aCallEightByEightNeverPlacedIsPlacedAgainWithoutCountingAgainstMaxCalls() {
        stubCreated();
        UUID id = send("{\"destination\": \"" + DESTINATION + "\", \"text\": \"hi\"}");
        placeAndSettle(id.toString(), "ERROR", 1, -2010);

        // maxCalls is 1, yet the call 8x8 never placed is placed again after the dispatch backoff.
        assertThat(nextAttemptAt(id)).isAfter(clock.instant());
        assertThat(stepWhenDue(id)).isEqualTo(1);
        assertThat(callflows()).hasSize(2);
        assertThat(clientRequestId(callflows().get(1))).isEqualTo(id + ":2");
        assertThat(status(id)).isEqualTo("SUBMITTED");
        summary(id + ":2", "COMPLETED", null);

        assertThat(status(id)).isEqualTo("COMPLETED");
        JsonNode view = view(id);
        assertThat(view.get("calls").valueStream().map(c -> c.get("status").asString()))
                .containsExactly("NOT_PLACED", "COMPLETED");
        assertThat(view.at("/calls/0/errorCode").asInt()).isEqualTo(-2010);
        assertThat(view.at("/calls/1/kind").asString()).isEqualTo("FIRST");
        // Counted against gateway.dispatch.max-attempts: call 2's POST is the message's second attempt.
        assertThat(view.at("/attempts/1/attemptNumber").asInt()).isEqualTo(2);
    }

    @Test
    void twoDispatchersAndManyRedialsPlaceEachCallExactlyOnce() {
        stubCreated();
        // Two running loops race for every call, on the system's time: redials fall due as it passes.
        clock.followSystem();
        Dispatcher second = anotherDispatcher("second-instance");
        dispatcher.start();
        second.start();
        try {
            int messages = 15;
            Set<UUID> ids = new HashSet<>();
            for (int i = 0; i < messages; i++) {
                ids.add(send(redial(DESTINATION, 3, "PT0.1S", "")));
            }
            // 8x8's side: every callflow ends NO_ANSWER but the third, which is answered.
            Set<String> settled = ConcurrentHashMap.newKeySet();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (LoggedRequest callflow : callflows()) {
                    String crid = clientRequestId(callflow);
                    if (settled.add(crid)) {
                        summary(crid, crid.endsWith(":3") ? "COMPLETED" : "NO_ANSWER", null);
                    }
                }
                return jdbc.queryForObject("SELECT count(*) FROM message_state WHERE status = 'COMPLETED'",
                        Integer.class) == messages;
            });
            List<String> sent = callflows().stream().map(RedialTest::clientRequestId).toList();
            assertThat(sent).hasSize(messages * 3).doesNotHaveDuplicates();
            for (UUID id : ids) {
                assertThat(sent).contains(id.toString(), id + ":2", id + ":3");
            }
        } finally {
            second.stop();
            dispatcher.stop();
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------


    static String redial(String destination, int maxCalls, String interval, String more) {
        return """
                {"destination": "%s", "text": "hi", "redial": {"maxCalls": %d, "interval": "%s"}%s}
                """.formatted(destination, maxCalls, interval, more);
    }

    UUID send(String body) {
        Answer accepted = post("/voice-messages", ALPHA_KEY, body);
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        return UUID.fromString(accepted.json().get("id").asString());
    }

    /**
     * Steps the dispatcher when the message's next call is due (none a millisecond before), sees it placed as
     * callflow number {@code n} (in arrival order), and answers its summary.
     */
    void placeAndSettle(String clientRequestId, String sessionStatus, int n) {
        placeAndSettle(clientRequestId, sessionStatus, n, null);
    }

    void placeAndSettle(String clientRequestId, String sessionStatus, int n, Integer errorCode) {
        UUID id = UUID.fromString(clientRequestId.split(":")[0]);
        assertThat(stepWhenDue(id)).isEqualTo(1);
        assertThat(callflows()).hasSize(n);
        assertThat(clientRequestId(callflows().get(n - 1))).isEqualTo(clientRequestId);
        assertCallSubmitted(clientRequestId);
        summary(clientRequestId, sessionStatus, errorCode);
    }

    /** Steps the first call of the message and sees it submitted. */
    void placeFirstCall(UUID id) {
        assertThat(step()).isEqualTo(1);
        assertCallSubmitted(id.toString());
    }

    void assertCallSubmitted(String clientRequestId) {
        assertThat(jdbc.queryForObject("SELECT status FROM voice_call WHERE client_request_id = ?", String.class,
                clientRequestId)).isEqualTo("SUBMITTED");
    }

    /**
     * No call of the message waits, and a step once the redial interval has passed claims nothing: no further call
     * was planned.
     */
    void assertNoFurtherCall(UUID id, Duration interval) {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM voice_call WHERE message_id = ? AND status = 'QUEUED'",
                Integer.class, id)).as("queued calls of %s", id).isZero();
        clock.advance(interval.plusMillis(1));
        assertThat(step()).as("a step after the redial interval").isZero();
    }

    void summary(String clientRequestId, String sessionStatus, Integer errorCode) {
        assertThat(summary(clientRequestId, "sess-" + clientRequestId, sessionStatus, errorCode)).isEqualTo("APPLIED");
    }

    /** Posts a summary as 8x8 would and returns how the gateway matched it. */
    String summary(String clientRequestId, String sessionId, String sessionStatus, Integer errorCode) {
        String error = errorCode == null ? ""
                : ", \"errorDetails\": {\"errorMsg\": \"The trunk capacity has been exceeded\", \"errorCode\": "
                        + errorCode + "}";
        String body = """
                {"namespace": "VOICE", "eventType": "SESSION_SUMMARY",
                 "payload": {"sessionId": "%s", "clientRequestId": "%s", "subAccountId": "acme-sub",
                   "sessionStatus": "%s", "startTime": "2026-12-01T10:00:00Z", "endTime": "2026-12-01T10:00:20Z",
                   "lastAction": "MAKE_CALL", "callCount": 1%s}}
                """.formatted(sessionId, clientRequestId, sessionStatus, error);
        Answer answer = send(request(WEBHOOK, null).header("Content-Type", "application/json")
                .header("Authorization", "Bearer test-webhook-secret")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        return answer.json().get("outcome").asString();
    }

    double calls(String kind, String outcome) {
        var counter = meters.find("voice_gateway.calls").tag("kind", kind).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    JsonNode view(UUID id) {
        return get("/voice-messages/" + id, ALPHA_KEY).json();
    }

    /** Every callflow 8x8 received, oldest first. */
    static List<LoggedRequest> callflows() {
        List<LoggedRequest> all = new java.util.ArrayList<>(WM.findAll(postRequestedFor(urlPathEqualTo(PATH))));
        all.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
        return all;
    }

    static String clientRequestId(LoggedRequest request) {
        return JSON.readTree(request.getBodyAsString()).get("clientRequestId").asString();
    }

    static String destination(LoggedRequest request) {
        return JSON.readTree(request.getBodyAsString()).at("/callflow/0/params/destination").asString();
    }
}
