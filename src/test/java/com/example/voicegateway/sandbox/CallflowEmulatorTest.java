package com.example.voicegateway.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The emulator over HTTP, as the dispatcher sees it, with the session summaries captured by a WireMock "webhook" (the
 * gateway's own webhook is another feature's).
 */
class CallflowEmulatorTest extends EmulatorTestBase {

    @Test
    void acceptsAValidCallflowLike8x8() {
        Answer answer = callflow(key, body("+6512345678", "\"clientRequestId\":\"msg-1\","));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("sessionStatus").asString()).isEqualTo("CREATED");
        assertThat(json.get("statusCode").asInt()).isEqualTo(1);
        assertThat(json.get("statusMessage").asString()).isEqualTo("Created");
        assertThat(json.get("sessionId").asString()).hasSize(36);
        assertThat(json.get("callFlowRequestId").asString()).hasSize(36);
        assertThat(Instant.parse(json.get("validUntil").asString())).isAfter(Instant.now());
        assertThat(journal.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.clientRequestId()).isEqualTo("msg-1");
            assertThat(entry.destination()).isEqualTo("+65****5678");
        });
    }

    @Test
    void postsTheSessionSummaryWithTheWebhookAuthorizationAndClientRequestId() {
        Answer answer = callflow(key, body("+6512345678", "\"clientRequestId\":\"msg-42\","));
        String sessionId = answer.json().get("sessionId").asString();

        LoggedRequest posted = awaitSummaries("msg-42", 1).get(0);

        assertThat(posted.getHeader("Authorization")).isEqualTo(webhookAuthorization);
        assertThat(posted.getHeader("Content-Type")).startsWith("application/json");
        JsonNode summary = JSON.readTree(posted.getBodyAsString());
        assertThat(summary.get("namespace").asString()).isEqualTo("VOICE");
        assertThat(summary.get("eventType").asString()).isEqualTo("SESSION_SUMMARY");
        assertThat(summary.get("description").asString()).isEqualTo("Summary of a completed call session");
        JsonNode payload = summary.get("payload");
        assertThat(payload.get("sessionId").asString()).isEqualTo(sessionId);
        assertThat(payload.get("subAccountId").asString()).isEqualTo("sandbox");
        assertThat(payload.get("clientRequestId").asString()).isEqualTo("msg-42");
        assertThat(payload.get("sessionStatus").asString()).isEqualTo("COMPLETED");
        assertThat(payload.get("lastAction").asString()).isEqualTo("HANGUP");
        assertThat(payload.get("callCount").asInt()).isEqualTo(1);
        assertThat(payload.get("startTime").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(payload.has("errorDetails")).isFalse();
        JsonNode leg = payload.get("details").get("callA");
        assertThat(leg.get("destination").asString()).isEqualTo("+6512345678");
        assertThat(leg.get("source").asString()).isEqualTo("+6598765432");
        assertThat(leg.get("destinationCountryCode").asString()).isEqualTo("SG");
        assertThat(leg.get("callStatus").asString()).isEqualTo("COMPLETED");
        assertThat(leg.get("callDirection").asString()).isEqualTo("OUTBOUND");
        assertThat(leg.get("callType").asString()).isEqualTo("PSTN");
        assertThat(leg.has("connectedTimestamp")).isTrue();
        assertThat(leg.get("callDuration").isIntegralNumber()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"+6512345601, BUSY", "+6512345602, NO_ANSWER", "+6512345603, ERROR", "+6512345604, FAILED",
            "+6512345605, COMPLETED"})
    void theDestinationsLastTwoDigitsChooseTheOutcome(String destination, String outcome) {
        assertThat(callflow(key, body(destination, "\"clientRequestId\":\"m-" + outcome + "\",")).status())
                .isEqualTo(200);

        JsonNode payload = JSON.readTree(awaitSummaries("m-" + outcome, 1).get(0).getBodyAsString())
                .get("payload");

        assertThat(payload.get("sessionStatus").asString()).isEqualTo(outcome);
        JsonNode leg = payload.get("details").get("callA");
        assertThat(leg.get("callStatus").asString()).isEqualTo(outcome);
        assertThat(leg.has("connectedTimestamp")).isEqualTo(outcome.equals("COMPLETED"));
        if (outcome.equals("ERROR")) {
            assertThat(payload.get("errorDetails").get("errorCode").asInt()).isEqualTo(-2004);
            assertThat(payload.get("errorDetails").get("errorMsg").asString())
                    .isEqualTo("No coverage available for requested area");
        } else {
            assertThat(payload.has("errorDetails")).isFalse();
        }
        if (!outcome.equals("COMPLETED")) {
            assertThat(leg.get("callDuration").asInt()).isZero();
            assertThat(payload.get("lastAction").asString()).isEqualTo("MAKE_CALL");
        }
    }

    @Test
    void retriesTheSummaryWhenTheWebhookFails() {
        HOOKS.stubFor(WireMock.post(urlEqualTo("/vss")).atPriority(1).withRequestBody(ofCall("retry-me"))
                .inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        HOOKS.stubFor(WireMock.post(urlEqualTo("/vss")).atPriority(1).withRequestBody(ofCall("retry-me"))
                .inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));

        callflow(key, body("+6512345678", "\"clientRequestId\":\"retry-me\","));

        List<LoggedRequest> posts = awaitSummaries("retry-me", 2);
        assertThat(posts.get(1).getBodyAsString()).isEqualTo(posts.get(0).getBodyAsString());
        assertThat(posts.get(1).getHeader("Authorization")).isEqualTo(webhookAuthorization);
    }

    @Test
    void refusesAWrongOrMissingKeyWith8x8s401() {
        for (String key : new String[] {"wrong", null}) {
            Answer answer = callflow(key, body("+6512345678", ""));
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.json().get("sessionStatus").asString()).isEqualTo("NOT_CREATED");
            assertThat(answer.json().get("statusCode").asInt()).isEqualTo(401);
            assertThat(answer.json().get("statusMessage").asString())
                    .isEqualTo("Authentication header not found or token invalid");
            assertThat(answer.json().get("callFlowRequestId").asString()).isNotBlank();
        }
        assertThat(journal.entries()).isEmpty();
    }

    @Test
    void refusesAnUnknownSubaccountWith404() {
        Answer answer = send(HttpRequest.newBuilder(emulator("/sandbox/8x8/api/v1/subaccounts/8x8_Testing/callflows"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body("+6512345678", ""))).build());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("statusCode").asInt()).isEqualTo(404);
        assertThat(answer.json().get("statusMessage").asString()).isEqualTo("SubAccount not found by Id : 8x8_Testing");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {not json                                                                                      | 400 | -1001
            []                                                                                             | 400 | -1001
            {"callflow":[{"action":"makeCall","params":{"source":"+6598765432","destination":"+6512345678"}},{"action":"say","params":{"text":"Hi","voiceProfile":"xx-XX-Nobody"}}]} | 422 | -1002
            {"callflow":[{"action":"makeCall","params":{"source":"+6598765432","destination":"+6512345678"}},{"action":"dance"}]} | 400 | -1007
            {"callflow":[{"action":"makeCall","params":{"source":"+6598765432","destination":"+6512345678"}},{"action":"say","params":{"voiceProfile":"en-US-Neural2-C"}}]} | 400 | -1009
            {"callflow":[{"action":"makeCall","params":{"source":"+6598765432"}}]}                         | 400 | -1009
            {"validUntil":"tomorrow","callflow":[{"action":"makeCall","params":{"source":"+6598765432","destination":"+6512345678"}}]} | 400 | -1009
            {"callflow":[{"action":"makeCall","params":{"source":"+6598765432","destination":"+6512345678"}},{"action":"say","params":{"text":"Hi","voiceProfile":"en-GB-Emma","repetition":4}}]} | 400 | -1009
            {"callflow":[{"action":"makeCall","params":{"source":"+6598765432","destination":"+6512345678"}},{"action":"hangup"},{"action":"say","params":{"text":"Hi","voiceProfile":"en-GB-Emma"}}]} | 422 | -1012
            {"callflow":[{"action":"say","params":{"text":"Hi","voiceProfile":"en-GB-Emma"}},{"action":"hangup"}]} | 422 | -1013
            {"validUntil":"2024-07-03T05:59:32.226Z","callflow":[{"action":"makeCall","params":{"source":"+6598765432","destination":"+6512345678"}}]} | 422 | -1015
            {"callflow":[{"action":"makeCall","params":{"source":"+6598765432","destination":"12-34"}}]}   | 422 | -1017
            """)
    void validatesLike8x8(String body, int httpStatus, int statusCode) {
        Answer answer = callflow(key, body.strip());

        assertThat(answer.status()).isEqualTo(httpStatus);
        assertThat(answer.json().get("sessionStatus").asString()).isEqualTo("NOT_CREATED");
        assertThat(answer.json().get("statusCode").asInt()).isEqualTo(statusCode);
        assertThat(answer.json().has("sessionId")).isFalse();
        assertThat(journal.entries()).isEmpty();
    }

    @Test
    void namesTheMissingEntryAsIn8x8sExample() {
        String body = "{\"callflow\":[{\"action\":\"makeCall\",\"params\":{\"source\":\"+6598765432\","
                + "\"destination\":\"+6512345678\"}},{\"action\":\"say\",\"params\":{\"voiceProfile\":\"en-GB-Emma\"}}]}";

        assertThat(callflow(key, body).json().get("statusMessage").asString())
                .isEqualTo("Invalid call flow entry provided. $.callflow[1].params.text: is missing but it is required");
    }

    @Test
    void failsTheNextRequestsWhenToldTo() {
        Answer set = post("/admin/sandbox/faults", OPS_KEY, "{\"failNext\":2,\"failStatus\":503}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("failNext").asInt()).isEqualTo(2);

        for (int i = 0; i < 2; i++) {
            Answer failed = callflow(key, body("+6512345678", ""));
            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.json().get("sessionStatus").asString()).isEqualTo("NOT_CREATED");
            assertThat(failed.json().get("statusCode").asInt()).isEqualTo(503);
        }
        assertThat(journal.entries()).isEmpty();
        assertThat(callflow(key, body("+6512345678", "")).status()).isEqualTo(200);
        assertThat(get("/admin/sandbox/faults", OPS_KEY).json().get("failNext").asInt()).isZero();
    }

    @Test
    void addsLatencyWhenToldTo() {
        post("/admin/sandbox/faults", OPS_KEY, "{\"latencyMs\":400}");

        long started = System.nanoTime();
        assertThat(callflow(key, body("+6512345678", "")).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        assertThat(send(request("/admin/sandbox/faults", OPS_KEY).DELETE().build()).status()).isEqualTo(204);
        assertThat(get("/admin/sandbox/faults", OPS_KEY).json().get("latencyMs").asLong()).isZero();
    }

    @Test
    void aLostAnswerStillPlacesTheCallAndSendsItsSummary() {
        post("/admin/sandbox/faults", OPS_KEY, "{\"loseAnswers\":1}");
        HttpClient impatient = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(emulator(CALLFLOWS)).timeout(Duration.ofMillis(700))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body("+6512345678", "\"clientRequestId\":\"lost-1\","))).build();

        assertThatThrownBy(() -> impatient.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        JsonNode payload = JSON.readTree(awaitSummaries("lost-1", 1).get(0).getBodyAsString()).get("payload");
        assertThat(payload.get("clientRequestId").asString()).isEqualTo("lost-1");
        Answer journal = get("/admin/sandbox/callflows?clientRequestId=lost-1", OPS_KEY);
        assertThat(journal.json().get("count").asInt()).isEqualTo(1);
        // Only one answer was lost: the next call is answered at once.
        assertThat(callflow(key, body("+6512345678", "")).status()).isEqualTo(200);
    }

    @Test
    void theJournalShowsCallsPlacedTwiceForTheSameMessage() {
        callflow(key, body("+6512345678", "\"clientRequestId\":\"twice\","));
        callflow(key, body("+6512345678", "\"clientRequestId\":\"twice\","));
        callflow(key, body("+6512345678", "\"clientRequestId\":\"once\","));

        Answer answer = get("/admin/sandbox/callflows", OPS_KEY);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("count").asInt()).isEqualTo(3);
        assertThat(answer.json().get("duplicates").toString()).isEqualTo("[\"twice\"]");
        assertThat(answer.json().get("callflows").get(0).get("destination").asString()).isEqualTo("+65****5678");
    }

    @Test
    void drillEndpointsNeedAnOpsKey() {
        assertThat(get("/admin/sandbox/faults", ALPHA_KEY).status()).isEqualTo(403);
        assertThat(post("/admin/sandbox/faults", ALPHA_KEY, "{\"failNext\":1}").status()).isEqualTo(403);
        assertThat(get("/admin/sandbox/callflows", null).status()).isEqualTo(401);
        assertThat(post("/admin/sandbox/faults", OPS_KEY, "{\"failStatus\":200}").status()).isEqualTo(400);
        assertThat(faults.current()).isEqualTo(FaultSettings.NONE);
    }

    @Test
    void drillsAreAudited() {
        empty("audit_event");
        try {
            assertThat(post("/admin/sandbox/faults", OPS_KEY, "{\"failNext\":2}").status()).isEqualTo(200);
        } finally {
            assertThat(send(request("/admin/sandbox/faults", OPS_KEY).DELETE().build()).status()).isEqualTo(204);
        }

        assertThat(jdbc.queryForList("SELECT actor || ' ' || action || ' ' || outcome FROM audit_event ORDER BY id",
                String.class)).containsExactly("ops sandbox.faults.set SUCCEEDED", "ops sandbox.faults.reset SUCCEEDED");
        assertThat(jdbc.queryForObject("SELECT detail FROM audit_event WHERE action = 'sandbox.faults.set'",
                String.class)).contains("failNext=2");
    }

    @Test
    void infoSaysCallsAreSimulated() {
        JsonNode sandbox = get("/actuator/info", OPS_KEY).json().get("sandbox");

        assertThat(sandbox.get("enabled").asBoolean()).isTrue();
        assertThat(sandbox.get("callsSimulated").asBoolean()).isTrue();
        assertThat(sandbox.get("emulatorUrl").asString()).isEqualTo("http://localhost:" + port + "/sandbox/8x8");
    }

    @Test
    void theLogExportListsTheEmulatorsCallsWithTheDocumentedHeaderAndAPricePerMinute() {
        Instant from = Instant.now().minusSeconds(60);
        String sessionId = callflow(key, body("+6512345605", "\"clientRequestId\":\"exp-1\",")).json()
                .get("sessionId").asString();
        awaitSummaries("exp-1", 1);

        String jobId = startExport(from, Instant.now().plusSeconds(60));
        assertThat(exportJob(jobId).get("status").asString()).isEqualTo("queued");
        assertThat(exportJob(jobId).get("status").asString()).isEqualTo("running");
        JsonNode done = exportJob(jobId);
        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        assertThat(done.get("expires").asString()).isNotBlank();

        Answer file = send(HttpRequest.newBuilder(URI.create(done.get("data").get(0).asString()))
                .header("Authorization", "Bearer " + key).GET().build());
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.contentType()).startsWith("text/csv");
        List<String> lines = file.raw().body().lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFFSessionId,CallId,AccountId,SubAccountId,Direction,")
                .contains(",DestinationEndpoint,InitiatedAt,").endsWith(",TTSLength,MOS,Content");
        String row = lines.stream().filter(line -> line.startsWith(sessionId)).findFirst().orElseThrow();
        assertThat(row).contains(",6512345605,").contains(",COMPLETED,COMPLETED,").contains(",0.0120,USD,")
                .contains("\"\"quoted\"\"");
    }

    @Test
    void anExportOfASpanWithoutCallsIsEmptyAndAnUnknownJobIsNotFound() {
        String jobId = startExport(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2020-01-02T00:00:00Z"));
        exportJob(jobId);
        exportJob(jobId);

        assertThat(exportJob(jobId).get("status").asString()).isEqualTo("empty");
        assertThat(send(HttpRequest.newBuilder(emulator(EXPORTS + "/no-such-job"))
                .header("Authorization", "Bearer " + key).GET().build()).status()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(emulator(EXPORTS)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).status()).isEqualTo(401);
    }

    @Test
    void aDroppedSummaryLeavesTheCallInTheExportOnly() {
        faults.set(new FaultSettings(0, 503, 0L, 0, 1, 0));
        Instant from = Instant.now().minusSeconds(60);
        String sessionId = callflow(key, body("+6512345605", "\"clientRequestId\":\"dropped-1\",")).json()
                .get("sessionId").asString();
        summaryDropped(sessionId);

        await().atMost(Duration.ofSeconds(15)).until(() -> exportedCsv(from).contains(sessionId));
        assertThat(HOOKS.findAll(postRequestedFor(urlEqualTo("/vss")).withRequestBody(ofCall("dropped-1"))))
                .isEmpty();
        assertThat(journal.entries()).anyMatch(entry -> "dropped-1".equals(entry.clientRequestId()));
    }

    @Test
    void aLostRequestPlacesNoCallAndLeavesNoTrace() {
        faults.set(new FaultSettings(0, 503, 0L, 0, 0, 1));

        Answer answer = callflow(key, body("+6512345605", "\"clientRequestId\":\"lost-request-1\","));

        assertThat(answer.status()).isEqualTo(504);
        assertThat(journal.entries()).noneMatch(entry -> "lost-request-1".equals(entry.clientRequestId()));
        assertThat(faults.current().loseRequests()).isZero();
    }

    static final String EXPORTS = "/sandbox/8x8/api/v1/subaccounts/sandbox/messages/exports";

    private String startExport(Instant from, Instant to) {
        Answer started = send(HttpRequest.newBuilder(emulator(EXPORTS)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"" + from.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + "\",\"to\":\"" + to.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\",\"limit\":0}"))
                .build());
        assertThat(started.status()).isEqualTo(202);
        return started.json().get("jobId").asString();
    }

    private JsonNode exportJob(String jobId) {
        Answer answer = send(HttpRequest.newBuilder(emulator(EXPORTS + "/" + jobId))
                .header("Authorization", "Bearer " + key).GET().build());
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    /** A whole export of [from, now + 1 min], polled to its end; empty text when 8x8 says "empty". */
    private String exportedCsv(Instant from) {
        String jobId = startExport(from, Instant.now().plusSeconds(60));
        JsonNode job = exportJob(jobId);
        while (job.get("status").asString().equals("queued") || job.get("status").asString().equals("running")) {
            job = exportJob(jobId);
        }
        if (!job.has("data")) {
            return "";
        }
        return send(HttpRequest.newBuilder(URI.create(job.get("data").get(0).asString()))
                .header("Authorization", "Bearer " + key).GET().build()).raw().body();
    }

    /** Summaries of one call only: calls of earlier tests may still be hanging up while this one runs. */
    private List<LoggedRequest> awaitSummaries(String clientRequestId, int count) {
        var posts = postRequestedFor(urlEqualTo("/vss")).withRequestBody(ofCall(clientRequestId));
        await().atMost(Duration.ofSeconds(15)).until(() -> HOOKS.findAll(posts).size() >= count);
        return HOOKS.findAll(posts);
    }

    private static StringValuePattern ofCall(String clientRequestId) {
        return matchingJsonPath("$.payload.clientRequestId", equalTo(clientRequestId));
    }

    private Answer callflow(String apiKey, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(emulator(CALLFLOWS)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return send(request.build());
    }

    private URI emulator(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    static String body(String destination, String extraTopLevel) {
        return "{" + extraTopLevel + "\"validUntil\":\"" + Instant.now().plusSeconds(3600) + "\",\"callflow\":["
                + "{\"action\":\"makeCall\",\"params\":{\"source\":\"+6598765432\",\"destination\":\"" + destination + "\"}},"
                + "{\"action\":\"say\",\"params\":{\"text\":\"Your appointment is tomorrow at ten.\","
                + "\"voiceProfile\":\"en-US-Neural2-C\",\"repetition\":2,\"speed\":1}},"
                + "{\"action\":\"hangup\"}]}";
    }
}
