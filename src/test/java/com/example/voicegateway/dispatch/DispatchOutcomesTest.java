package com.example.voicegateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.message.AttemptView;
import com.example.voicegateway.message.SessionRecorded;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;

/**
 * The outcome table, row by row, plus the exact callflow 8x8 receives. Each test steps the dispatcher
 * ({@link #step()}) and asserts what the step did; "never sent again" is a step, at the time a retry would have
 * been due, that claims nothing.
 */
class DispatchOutcomesTest extends DispatchTestBase {

    @Autowired
    EightByEightHealth health;

    @Test
    void theCallflowsDispatchSendsAreOnes8x8sRulesAccept() {
        answerAsEightByEight();
        UUID text = insertText(inOneHour());
        UUID audio = insert(null, "https://example.com/a.mp3", inOneHour());
        assertThat(step()).isEqualTo(2);
        assertThat(status(text)).isEqualTo("SUBMITTED");
        assertThat(status(audio)).isEqualTo("SUBMITTED");
        assertThat(row(text).get("session_id")).asString().startsWith("sess-");
    }

    @Test
    void aCallflow8x8sRulesRefuseIsRejectedWithItsCode() {
        answerAsEightByEight();
        // A voice profile 8x8 does not know: -1002, as the sandbox would answer.
        UUID id = message().set("text", "Hello").set("voice_profile", "xx-XX-Nobody")
                .set("valid_until", inOneHour()).insert();
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("REJECTED");
        assertThat(row(id)).containsEntry("status_code", -1002);
    }

    @Test
    void sendsExactlyTheCallflowForATextMessageAndRecordsTheSession() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        Instant validUntil = clock.instant().plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        String validUntilText = Callflow.VALID_UNTIL.format(validUntil);

        Answer accepted = post("/voice-messages", ALPHA_KEY, """
                {"destination":"+6591234567","source":"+6568880001","text":"Hello from the gateway",
                 "voiceProfile":"en-IE-EmilyNeural","repetition":2,"speed":1.5,"validUntil":"%s"}
                """.formatted(validUntil));
        assertThat(accepted.status()).isEqualTo(202);
        UUID id = UUID.fromString(accepted.json().get("id").asString());
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("SUBMITTED");

        WM.verify(1, postRequestedFor(urlPathEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer test-api-key"))
                .withHeader("Content-Type", matching("application/json.*"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Content-Length", matching("[1-9][0-9]*"))
                .withHeader("Transfer-Encoding", absent())
                .withRequestBody(equalToJson("""
                        {"validUntil":"%s","clientRequestId":"%s",
                         "callflow":[
                           {"action":"makeCall","params":{"source":"+6568880001","destination":"+6591234567"}},
                           {"action":"say","params":{"text":"Hello from the gateway","voiceProfile":"en-IE-EmilyNeural",
                                                     "repetition":2,"speed":1.5}},
                           {"action":"hangup"}]}
                        """.formatted(validUntilText, id))));
        assertThat(validUntilText).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        // A plain number, never "1.50" or a string.
        assertThat(requestsFor(id).get(0).getBodyAsString()).contains("\"speed\":1.5}");

        Map<String, Object> row = row(id);
        assertThat(row).containsEntry("session_id", "sess-1").containsEntry("call_flow_request_id", "cfr-1")
                .containsEntry("status_code", 1).containsEntry("status_message", "Created")
                .containsEntry("attempts", 1).containsEntry("lease_owner", null);
        Answer view = get("/voice-messages/" + id, ALPHA_KEY);
        assertThat(view.json().get("status").asString()).isEqualTo("SUBMITTED");
        assertThat(view.json().get("attempts")).hasSize(1);
        assertThat(view.json().get("attempts").get(0).get("outcome").asString()).isEqualTo("SUBMITTED");
        assertThat(view.json().get("attempts").get(0).get("httpStatus").asInt()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(2))
                .until(() -> sessionEvents.seen.contains(new SessionRecorded(id, "sess-1")));
    }

    @Test
    void sendsPlayFileWithFileUrlAndRepetitionAndAWholeSpeedAsAPlainNumber() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        Instant validUntil = inOneHour();
        UUID audio = insert(null, "https://example.com/a.mp3", validUntil);
        UUID text = insertText(validUntil);
        assertThat(step()).isEqualTo(2);
        assertThat(status(audio)).isEqualTo("SUBMITTED");
        assertThat(status(text)).isEqualTo("SUBMITTED");

        WM.verify(1, postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(equalToJson("""
                {"validUntil":"%s","clientRequestId":"%s",
                 "callflow":[
                   {"action":"makeCall","params":{"source":"+6568880000","destination":"+6591234567"}},
                   {"action":"playFile","params":{"fileUrl":"https://example.com/a.mp3","repetition":2}},
                   {"action":"hangup"}]}
                """.formatted(Callflow.VALID_UNTIL.format(validUntil), audio))));
        assertThat(requestsFor(text).get(0).getBodyAsString()).contains("\"repetition\":1,\"speed\":1}");
    }

    @ParameterizedTest
    @CsvSource({"400, -1002, Speech profile or language parameter invalid",
            "422, -1017, Invalid MSISDN format in Destination",
            "400, -1014, Source or caller ID is not allowed"})
    void aNegativeNotCreatedCodeIsRejectedAndNeverRetried(int http, int code, String message) {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(http)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"sessionStatus":"NOT_CREATED","callFlowRequestId":"cfr-x","statusCode":%d,"statusMessage":"%s"}
                        """.formatted(code, message))));
        UUID id = insertText(inOneHour());
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("REJECTED");

        assertThat(row(id)).containsEntry("status_code", code).containsEntry("status_message", message);
        List<AttemptView> history = attemptsOf(id);
        assertThat(history).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("REJECTED");
            assertThat(a.httpStatus()).isEqualTo(http);
            assertThat(a.statusCode()).isEqualTo(code);
        });
        assertNeverSentAgain(id, "REJECTED");
    }

    @Test
    void aRetryThenSuccessGivesOneSubmittedAndTheAttemptHistory() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json").withBody("""
                        {"sessionStatus":"NOT_CREATED","callFlowRequestId":"cfr-x","statusCode":500,
                         "statusMessage":"Internal server error"}"""))
                .willSetStateTo("up"));
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(okJson(CREATED)));
        UUID id = insertText(inOneHour());
        // The retry is in process, within the one step.
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("SUBMITTED");

        assertThat(requestsFor(id)).hasSize(2);
        assertThat(attemptsOf(id)).extracting(AttemptView::attemptNumber, AttemptView::outcome, AttemptView::httpStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "RETRY", 500),
                        org.assertj.core.groups.Tuple.tuple(2, "SUBMITTED", 200));
        assertThat(row(id)).containsEntry("attempts", 2).containsEntry("session_id", "sess-1")
                .containsEntry("last_error", null);
    }

    @Test
    void anInProcessRetryIsNotPostedOnceTheRowMovedDuringTheFirstPost() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500).withFixedDelay(600)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"sessionStatus":"NOT_CREATED","callFlowRequestId":"cfr-x","statusCode":500,
                         "statusMessage":"Internal server error"}""")));
        UUID id = insertText(inOneHour());
        CompletableFuture<Integer> step = stepInBackground();
        await().atMost(Duration.ofSeconds(5)).until(() -> requestsFor(id).size() == 1);
        // A summary settles the call while the first (provably not created) answer is still on its way.
        assertThat(jdbc.update("""
                UPDATE voice_call SET status = 'COMPLETED', version = version + 1, updated_at = now()
                 WHERE message_id = ? AND status = 'SENDING'
                """, id)).isEqualTo(1);

        // The step is over, in-process retry and all: it posted once.
        assertThat(finished(step)).isEqualTo(1);
        assertThat(requestsFor(id)).hasSize(1);
        assertThat(status(id)).isEqualTo("COMPLETED");
        assertNeverSentAgain(id, "COMPLETED");
    }

    @Test
    void tooManyRequestsHonoursRetryAfterThenSucceeds() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("ok"));
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(okJson(CREATED)));
        UUID id = insertText(inOneHour());
        Instant firstPost = clock.instant();
        assertThat(step()).isEqualTo(1);
        assertThat(requestsFor(id)).hasSize(1);
        assertThat(status(id)).isEqualTo("QUEUED");
        assertThat(nextAttemptAt(id)).isEqualTo(firstPost.plusSeconds(1));

        assertThat(stepWhenDue(id)).isEqualTo(1);
        assertThat(status(id)).isEqualTo("SUBMITTED");
        assertThat(requestsFor(id)).hasSize(2);
        assertThat(attemptsOf(id)).extracting(AttemptView::outcome).containsExactly("RETRY", "SUBMITTED");
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 503, 504})
    void gatewayErrorsWithoutNotCreatedBodyAreUnknownAndNeverResent(int http) {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(http)));
        UUID id = insertText(inOneHour());
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("UNKNOWN");

        assertNeverSentAgain(id, "UNKNOWN");
        assertThat(attemptsOf(id)).singleElement().extracting(AttemptView::httpStatus).isEqualTo(http);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 504})
    void serverErrorsWithNotCreatedBodyAreRetriedUntilMaxAttemptsThenFailed(int http) {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(http)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sessionStatus\":\"NOT_CREATED\",\"callFlowRequestId\":\"x\",\"statusCode\":" + http
                        + ",\"statusMessage\":\"Internal server error\"}")));
        UUID id = insertText(inOneHour());
        assertThat(step()).isEqualTo(1);
        retryUntilSettled(id);
        assertThat(status(id)).isEqualTo("FAILED");

        assertThat(requestsFor(id)).hasSize(4);
        assertThat(row(id)).containsEntry("attempts", 4);
        assertThat(attemptsOf(id)).extracting(AttemptView::outcome).containsOnly("RETRY").hasSize(4);
    }

    @ParameterizedTest
    @CsvSource({"Retry-After: 0, , HTTP 503 from 8x8 with Retry-After 0",
            "NOT_CREATED body, '{\"sessionStatus\":\"NOT_CREATED\",\"callFlowRequestId\":\"x\",\"statusCode\":503,\"statusMessage\":\"Service Unavailable\"}', HTTP 503 NOT_CREATED"})
    void serviceUnavailableThatSaysNotTakenIsRetriedUntilMaxAttemptsThenFailed(String variant, String body,
            String error) {
        var answer = aResponse().withStatus(503);
        if (body == null) {
            answer = answer.withHeader("Retry-After", "0");
        } else {
            answer = answer.withHeader("Content-Type", "application/json").withBody(body);
        }
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(answer));
        UUID id = insertText(inOneHour());
        assertThat(step()).isEqualTo(1);
        retryUntilSettled(id);
        assertThat(status(id)).isEqualTo("FAILED");

        // max-attempts=4: exactly four POSTs, in-process and durable retries together.
        assertThat(requestsFor(id)).as(variant).hasSize(4);
        assertThat(row(id)).containsEntry("attempts", 4);
        assertThat((String) row(id).get("last_error")).startsWith("gave up after 4 attempts").contains(error);
        assertThat(attemptsOf(id)).extracting(AttemptView::outcome).containsOnly("RETRY").hasSize(4);
    }

    @Test
    void connectionRefusedIsRetriedAndSucceedsOnce8x8IsBack() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        BASE_URL.set(URI.create("http://127.0.0.1:" + closedPort));
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        UUID id = insertText(inOneHour());
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("QUEUED");
        assertThat(attemptsOf(id)).isNotEmpty();
        assertThat(attemptsOf(id).get(0).error()).contains("could not connect");

        BASE_URL.set(URI.create(WM.baseUrl()));
        assertThat(stepWhenDue(id)).isEqualTo(1);
        assertThat(status(id)).isEqualTo("SUBMITTED");
        assertThat(requestsFor(id)).hasSize(1);
        assertThat(attemptsOf(id)).last().extracting(AttemptView::outcome).isEqualTo("SUBMITTED");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404})
    void authProblemsKeepTheMessageQueuedWithoutBurningAttemptsAndTurnHealthDown(int http) {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(http)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"sessionStatus":"NOT_CREATED","callFlowRequestId":"cfr-x","statusCode":%d,
                         "statusMessage":"Authentication header not found or token invalid"}""".formatted(http))));
        UUID id = insertText(inOneHour());
        assertThat(step()).isEqualTo(1);
        assertThat(requestsFor(id)).hasSize(1);
        assertThat(status(id)).isEqualTo("QUEUED");
        assertThat(nextAttemptAt(id)).isEqualTo(clock.instant().plus(retries.authFailureBackoff()));
        // 8x8 refusing our key pauses every claim: a message due meanwhile waits too.
        UUID dueMeanwhile = insertText(inOneHour());
        assertThat(step()).as("a step while the auth pause lasts").isZero();
        clock.advance(retries.authFailureBackoff());
        assertThat(step()).as("a step after the pause").isEqualTo(2);
        assertThat(requestsFor(id)).hasSize(2);
        assertThat(requestsFor(dueMeanwhile)).hasSize(1);
        assertThat(status(id)).isEqualTo("QUEUED");
        assertThat(row(id)).containsEntry("attempts", 0);
        assertThat((String) row(id).get("last_error")).contains("HTTP " + http);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails().get("reason").toString()).contains("HTTP " + http);
        assertThat(attemptsOf(id)).extracting(AttemptView::outcome).containsOnly("AUTH_ERROR");

        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        clock.advance(retries.authFailureBackoff());
        assertThat(step()).isEqualTo(2);
        assertThat(status(id)).isEqualTo("SUBMITTED");
        assertThat(status(dueMeanwhile)).isEqualTo("SUBMITTED");
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(row(id)).containsEntry("attempts", 1);
    }

    @Test
    void anAuthProblemTurnsOverallHealthDownButNotLivenessOrReadiness() {
        health.authFailed("8x8 refused our credentials or subaccount: HTTP 401");
        try {
            Answer overall = get("/actuator/health", OPS_KEY);
            assertThat(overall.status()).isEqualTo(503);
            assertThat(overall.json().at("/components/eightByEight/status").asString()).isEqualTo("DOWN");
            assertThat(overall.json().at("/components/eightByEight/details/reason").asString()).contains("HTTP 401");

            Answer liveness = get("/actuator/health/liveness", OPS_KEY);
            assertThat(liveness.status()).isEqualTo(200);
            assertThat(liveness.json().get("status").asString()).isEqualTo("UP");
            assertThat(liveness.json().at("/components/livenessState/status").asString()).isEqualTo("UP");
            assertThat(liveness.json().at("/components/eightByEight").isMissingNode()).isTrue();

            Answer readiness = get("/actuator/health/readiness", OPS_KEY);
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.json().at("/components/db/status").asString()).isEqualTo("UP");
            assertThat(readiness.json().at("/components/readinessState/status").asString()).isEqualTo("UP");
            assertThat(readiness.json().at("/components/eightByEight").isMissingNode()).isTrue();
        } finally {
            health.authWorks();
        }
        assertThat(get("/actuator/health", null).status()).isEqualTo(200);
    }

    @Test
    void aReadTimeoutIsUnknownAndNeverResent() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED).withFixedDelay(3500)));
        UUID id = insertText(inOneHour());
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("UNKNOWN");

        assertThat((String) row(id).get("last_error")).contains("read timeout").contains("never re-sent");
        assertNeverSentAgain(id, "UNKNOWN");
        assertThat(attemptsOf(id)).extracting(AttemptView::outcome).containsExactly("UNKNOWN");
    }

    @Test
    void aServerErrorWithoutNotCreatedBodyIsUnknown() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500).withBody("oops")));
        UUID id = insertText(inOneHour());
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("UNKNOWN");
        assertThat(requestsFor(id)).hasSize(1);
        assertThat(attemptsOf(id)).singleElement().extracting(AttemptView::httpStatus).isEqualTo(500);
    }

    @Test
    void aConnectionLostAfterTheRequestLeftIsUnknown() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        UUID id = insertText(inOneHour());
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("UNKNOWN");
        assertThat(requestsFor(id)).hasSize(1);
    }

    @Test
    void aRetryThatWouldLandAfterValidUntilExpiresTheMessage() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
        UUID id = insertText(clock.instant().plusSeconds(20));
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("EXPIRED");
        assertThat(requestsFor(id)).hasSize(1);
        assertThat((String) row(id).get("last_error")).contains("validUntil passes before the next retry");
    }

    @Test
    void aQueuedMessagePastValidUntilIsExpiredAndNeverSent() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        UUID id = insertText(clock.instant().minusSeconds(1));
        assertThat(step()).as("a claim leaves a message past its validUntil").isZero();
        sweep();
        assertThat(status(id)).isEqualTo("EXPIRED");
        assertThat(row(id).get("last_error")).isEqualTo(DispatchPolicy.EXPIRED_BEFORE_SENDING);
        assertThat(requestCount()).isZero();
    }

    @Test
    void aQueuedMessageThatAlreadyHasASessionIdIsNeverSent() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        // A retry after an answer that looked not-created, then a summary proved the call happened.
        UUID reached = message().set("session_id", "sess-seen").insert();
        UUID plain = insertText(inOneHour());
        // Both due: the step claims the plain one only.
        assertThat(step()).isEqualTo(1);
        assertThat(status(plain)).isEqualTo("SUBMITTED");

        // A poll interval later the one with a session is still due and still not claimed.
        clock.advance(settings.pollInterval());
        assertThat(step()).isZero();
        assertThat(requestsFor(reached)).isEmpty();
        assertThat(status(reached)).isEqualTo("QUEUED");
        assertThat(row(reached)).containsEntry("attempts", 0).containsEntry("session_id", "sess-seen");
        assertThat(attemptsOf(reached)).isEmpty();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void logsShowNeither8x8sStatusMessageNorADatabaseErrorThatQuotesTheDestination(CapturedOutput output) {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"sessionStatus":"NOT_CREATED","statusCode":-1017,
                         "statusMessage":"Invalid MSISDN format in Destination +6591234567"}""")));
        // A constraint-like failure whose message quotes the row, as a driver's would; each refused write leaves a
        // mark in a sequence (sequences do not roll back).
        jdbc.execute("CREATE SEQUENCE quoted_outcome_writes");
        jdbc.execute("""
                CREATE FUNCTION quote_destination() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.status = 'REJECTED' THEN
                    PERFORM nextval('quoted_outcome_writes');
                    RAISE EXCEPTION 'Failing row contains (%)', NEW.destination;
                  END IF;
                  RETURN NEW;
                END $$""");
        jdbc.execute("CREATE TRIGGER quote_destination BEFORE UPDATE ON voice_call FOR EACH ROW"
                + " EXECUTE FUNCTION quote_destination()");
        try {
            UUID id = insertText(inOneHour());
            String gaveUp = "Could not record the outcome of message " + id + "; the lease sweep will settle it: ";
            assertThat(step()).isEqualTo(1);

            assertThat(output.getOut()).contains("rejected by 8x8: HTTP 422, statusCode -1017")
                    .contains(gaveUp + "UncategorizedSQLException")
                    .doesNotContain("Invalid MSISDN").doesNotContain("6591234567");
            assertThat(jdbc.queryForObject("SELECT last_value FROM quoted_outcome_writes", Long.class))
                    .as("a failure that would only repeat is not tried again").isEqualTo(1);
            assertThat(status(id)).as("left to the lease sweep, as after a crash").isEqualTo("SENDING");
            assertNeverSentAgain(id, "SENDING");
            // Its POST began, so the sweep cannot know it was refused: UNKNOWN, and still never sent again.
            clock.set(jdbc.queryForObject("SELECT lease_until FROM voice_call WHERE message_id = ?",
                    java.sql.Timestamp.class, id).toInstant().plusSeconds(1));
            sweep();
            assertNeverSentAgain(id, "UNKNOWN");
            assertThat(requestsFor(id)).hasSize(1);
        } finally {
            jdbc.execute("DROP TRIGGER IF EXISTS quote_destination ON voice_call");
            jdbc.execute("DROP FUNCTION IF EXISTS quote_destination()");
            jdbc.execute("DROP SEQUENCE IF EXISTS quoted_outcome_writes");
        }
    }

    @Test
    void anOutcomeWriteThatFailsWhileTheDatabaseIsDownIsRetriedInsteadOfLeftForTheLeaseSweep() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"sessionStatus":"NOT_CREATED","callFlowRequestId":"cfr-x","statusCode":-1002,
                         "statusMessage":"Speech profile or language parameter invalid"}""")));
        // A database that refuses the outcome write for a while with what PostgreSQL says as it shuts down (SQLSTATE
        // 57P01, admin_shutdown: a failure that passes): each refused write leaves a mark in a sequence (sequences do
        // not roll back).
        jdbc.execute("CREATE SEQUENCE refused_outcome_writes");
        jdbc.execute("CREATE TABLE database_down (down boolean)");
        jdbc.execute("INSERT INTO database_down VALUES (true)");
        jdbc.execute("""
                CREATE FUNCTION refuse_outcome_write() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.status = 'REJECTED' AND EXISTS (SELECT 1 FROM database_down) THEN
                    PERFORM nextval('refused_outcome_writes');
                    RAISE EXCEPTION 'simulated outage' USING ERRCODE = 'admin_shutdown';
                  END IF;
                  RETURN NEW;
                END $$""");
        jdbc.execute("CREATE TRIGGER refuse_outcome_write BEFORE UPDATE ON voice_call FOR EACH ROW"
                + " EXECUTE FUNCTION refuse_outcome_write()");
        try {
            UUID id = insertText(inOneHour());
            // The recorder keeps retrying its write on the step's thread: the outage ends while it does.
            CompletableFuture<Integer> step = stepInBackground();
            await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject(
                    "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM refused_outcome_writes",
                    Long.class) >= 2);
            assertThat(status(id)).isEqualTo("SENDING");
            jdbc.execute("DELETE FROM database_down");

            assertThat(finished(step)).isEqualTo(1);
            assertThat(status(id)).isEqualTo("REJECTED");
            assertThat(row(id)).containsEntry("status_code", -1002).containsEntry("attempts", 1);
            assertThat(attemptsOf(id)).singleElement().extracting(AttemptView::outcome).isEqualTo("REJECTED");
            assertThat(requestsFor(id)).hasSize(1);
        } finally {
            jdbc.execute("DROP TRIGGER IF EXISTS refuse_outcome_write ON voice_call");
            jdbc.execute("DROP FUNCTION IF EXISTS refuse_outcome_write()");
            jdbc.execute("DROP TABLE IF EXISTS database_down");
            jdbc.execute("DROP SEQUENCE IF EXISTS refused_outcome_writes");
        }
    }

    @Test
    void aCrashMidSendEndsUnknownAndIsNeverSentAgain() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        // What a gateway that died during its POST leaves behind: SENDING, the POST recorded as begun, the lease
        // running out.
        UUID crashed = insertCrashed(true);
        assertThat(sweep()).isZero();
        assertThat(status(crashed)).as("within its lease").isEqualTo("SENDING");
        clock.advance(Duration.ofSeconds(2));
        assertThat(sweep()).as("requeued").isZero();
        assertThat(status(crashed)).isEqualTo("UNKNOWN");
        assertThat(row(crashed).get("last_error")).isEqualTo(Sweeper.LEASE_EXPIRED);
        assertThat(attemptsOf(crashed)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("UNKNOWN");
            // Dated when the POST began, not when the sweep found it: reconciliation searches 8x8's log from there.
            assertThat(a.startedAt()).isEqualTo(POST_BEGAN);
        });
        assertThat(jdbc.queryForMap("SELECT status, unknown_at FROM voice_call WHERE message_id = ?", crashed))
                .containsEntry("status", "UNKNOWN").extractingByKey("unknown_at").isNotNull();
        assertThat(step()).isZero();
        assertNeverSentAgain(crashed, "UNKNOWN");
        assertThat(requestsFor(crashed)).isEmpty();
    }

    @Test
    void thePostIsRecordedAsBegunWhileItIsInFlightAndTheRecordIsClearedWithItsOutcome() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED).withFixedDelay(1500)));
        UUID id = insertText(inOneHour());

        CompletableFuture<Integer> step = stepInBackground();
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject("""
                SELECT m.status = 'SENDING' AND m.post_started_at IS NOT NULL AND c.status = 'SENDING'
                       AND c.started_at IS NOT NULL
                  FROM message_state m JOIN voice_call c ON c.message_id = m.id WHERE m.id = ?
                """, Boolean.class, id));
        assertThat(finished(step)).isEqualTo(1);
        assertThat(status(id)).isEqualTo("SUBMITTED");
        assertThat(row(id)).containsEntry("post_started_at", null);
        assertThat(jdbc.queryForObject("SELECT status FROM voice_call WHERE message_id = ?", String.class, id))
                .isEqualTo("SUBMITTED");
    }

    @Test
    void aCrashBeforeAnyPostBeganQueuesTheMessageAgainAndItIsSentOnce() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        // A gateway that died while its claimed message waited for a rate permit or a pool slot: nothing went out.
        UUID waiting = insertCrashed(false);
        assertThat(step()).as("a step while the lease holds").isZero();

        clock.advance(Duration.ofSeconds(2));
        assertThat(sweep()).as("requeued").isEqualTo(1);
        assertThat(step()).isEqualTo(1);
        assertThat(status(waiting)).isEqualTo("SUBMITTED");
        assertThat(requestsFor(waiting)).hasSize(1);
        assertThat(attemptsOf(waiting)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("SUBMITTED");
            assertThat(a.attemptNumber()).as("the crashed claim's attempt was given back").isEqualTo(1);
        });
        assertThat(row(waiting)).containsEntry("attempts", 1);
        assertThat(jdbc.queryForObject("SELECT status FROM voice_call WHERE message_id = ?", String.class, waiting))
                .isEqualTo("SUBMITTED");
    }

    /**
     * The message stays {@code status} and is never posted again: a step once any retry would be due (backoff-max,
     * and a poll interval on top) claims nothing.
     */
    private void assertNeverSentAgain(UUID id, String status) {
        int posted = requestsFor(id).size();
        clock.advance(settings.pollInterval().plus(Duration.ofSeconds(1)));
        assertThat(step()).as("a step once any retry would be due").isZero();
        assertThat(requestsFor(id)).hasSize(posted);
        assertThat(status(id)).isEqualTo(status);
    }

    /** A POST that began well before its lease ran out, as when the sweep comes late. */
    private static final Instant POST_BEGAN = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MILLIS);

    private UUID insertCrashed(boolean postStarted) {
        // A claimed call is SENDING; only post_started_at says whether its POST began.
        Instant now = clock.instant();
        return message().status("SENDING").set("next_attempt_at", null).set("attempts", 1)
                .set("lease_owner", "crashed-instance").set("lease_until", now.plusSeconds(1))
                .set("post_started_at", postStarted ? POST_BEGAN : null).insert();
    }

    @Test
    void anUnknownMessageWithoutSummaryWithinTheWindowFails() {
        UUID id = insertCrashed(true);
        jdbc.update("""
                UPDATE voice_call SET status = 'UNKNOWN', lease_owner = NULL, lease_until = NULL,
                       updated_at = ?, version = version + 1 WHERE message_id = ?
                """, java.sql.Timestamp.from(clock.instant().minus(Duration.ofHours(2))), id);
        sweep();
        assertThat(status(id)).isEqualTo("FAILED");
        assertThat((String) row(id).get("last_error")).contains("outcome unknown").contains("no session summary");
    }

    @Test
    void aSummaryThatBeatTheDispatcherKeepsItsStatusAndTheSessionIdIsStillStored() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED).withFixedDelay(400)));
        UUID id = insertText(inOneHour());
        CompletableFuture<Integer> step = stepInBackground();
        await().atMost(Duration.ofSeconds(5)).until(() -> requestsFor(id).size() == 1);
        // The webhook settles the message while 8x8's synchronous answer is still on its way.
        int moved = jdbc.update("""
                UPDATE voice_call SET status = 'COMPLETED', version = version + 1, updated_at = now()
                 WHERE message_id = ? AND status = 'SENDING'
                """, id);
        assertThat(moved).isEqualTo(1);

        assertThat(finished(step)).isEqualTo(1);
        assertThat(row(id).get("session_id")).isEqualTo("sess-1");
        assertThat(row(id)).containsEntry("status", "COMPLETED").containsEntry("call_flow_request_id", "cfr-1")
                .containsEntry("status_code", 1);
        await().atMost(Duration.ofSeconds(2))
                .until(() -> sessionEvents.seen.contains(new SessionRecorded(id, "sess-1")));
    }
}
