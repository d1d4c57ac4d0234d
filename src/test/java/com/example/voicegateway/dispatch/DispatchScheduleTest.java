package com.example.voicegateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The dispatcher against sendAt and delivery windows, with the family's clock moved: hours pass at once, and a call
 * that must not happen yet is seen not to happen: a step at that time claims nothing.
 */
class DispatchScheduleTest extends DispatchTestBase {

    /** Tuesday 2026-12-01, 12:00 in Singapore. */
    static final Instant T0 = Instant.parse("2026-12-01T04:00:00Z");
    static final String SINGAPORE = "+6591234567";

    /**
     * Sets the clock, also backwards. 8x8's shared rate bucket (a table, on the application clock) would otherwise
     * hold a refill time later than the new "now" and grant nothing; a bucket made afresh starts full.
     */
    private void setClock(Instant instant) {
        clock.set(instant);
        jdbc.execute("DELETE FROM rate_limit_bucket");
    }

    /**
     * One call end to end first: on a loaded machine the very first POST of a JVM can outlast the 2 s read timeout,
     * and the retry tests here need 8x8's answers, not a timeout.
     */
    @BeforeAll
    void warmUp() {
        resetStandIn();
        setClock(T0);
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        UUID id = accept("\"deliveryWindow\":null");
        assertThat(step()).isPositive();
        assertThat(status(id)).isEqualTo("SUBMITTED");
    }

    @BeforeEach
    void answerCreated() {
        setClock(T0);
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
    }

    private UUID accept(String extra) {
        Answer answer = post("/voice-messages", ALPHA_KEY,
                "{\"destination\":\"" + SINGAPORE + "\",\"text\":\"Hello\"," + extra + "}");
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        return UUID.fromString(answer.json().get("id").asString());
    }

    private static String window(String from, String to, String zone) {
        return "\"deliveryWindow\":{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"timeZone\":\"" + zone + "\"}";
    }

    /** A step at the clock's time claims nothing: the message stays QUEUED, unsent. */
    private void assertNothingSentFor(UUID id) {
        assertThat(step()).as("a step at %s", clock.instant()).isZero();
        assertThat(requestsFor(id)).isEmpty();
        assertThat(status(id)).isEqualTo("QUEUED");
    }

    private void moveTo(Instant instant) {
        clock.set(instant);
    }

    /** A step at the clock's time sends the message: the body 8x8 received. */
    private JsonNode sentBody(UUID id) {
        assertThat(step()).as("a step at %s", clock.instant()).isEqualTo(1);
        assertThat(requestsFor(id)).hasSize(1);
        return JSON.readTree(requestsFor(id).get(0).getBodyAsString());
    }

    @Test
    void noCallflowBeforeSendAt() {
        Instant sendAt = T0.plus(Duration.ofHours(2));
        UUID id = accept("\"sendAt\":\"" + sendAt + "\"");
        assertNothingSentFor(id);

        moveTo(sendAt.minusMillis(1));
        assertNothingSentFor(id);

        moveTo(sendAt);
        assertThat(sentBody(id).get("validUntil").asString()).isEqualTo("2026-12-01T07:00:00.000Z");
        assertThat(status(id)).isEqualTo("SUBMITTED");
        assertThat(requestsFor(id)).hasSize(1);
    }

    @Test
    void theWindowsCloseCapsTheValidUntilSentTo8x8() {
        // 12:00 in Singapore; the window closes at 12:30 local, 04:30Z, well before the message's validUntil.
        UUID id = accept("\"validUntil\":\"" + T0.plus(Duration.ofHours(6)) + "\"," + window("09:00", "12:30",
                "Asia/Singapore"));
        assertThat(sentBody(id).get("validUntil").asString()).isEqualTo("2026-12-01T04:30:00.000Z");
        assertThat(status(id)).isEqualTo("SUBMITTED");
    }

    static Stream<Arguments> dstDays() {
        return Stream.of(
                // New York falls back on Sunday 2026-11-01: 09:00 is EST (14:00Z), not EDT (13:00Z) as the day before.
                Arguments.of("New York, fall back", Instant.parse("2026-11-01T04:00:00Z"), "America/New_York", "[]",
                        Instant.parse("2026-11-01T14:00:00Z"), "2026-11-01T22:00:00.000Z"),
                // Berlin springs forward on Sunday 2026-03-29: 09:00 is CEST (07:00Z), not CET (08:00Z).
                Arguments.of("Berlin, spring forward", Instant.parse("2026-03-28T23:00:00Z"), "Europe/Berlin", "[]",
                        Instant.parse("2026-03-29T07:00:00Z"), "2026-03-29T15:00:00.000Z"),
                // Friday 23:00 in Singapore, a window on Saturdays only.
                Arguments.of("Singapore, Saturdays", Instant.parse("2026-12-04T15:00:00Z"), "Asia/Singapore",
                        "[\"SAT\"]", Instant.parse("2026-12-05T01:00:00Z"), "2026-12-05T09:00:00.000Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void dstDays(String name, Instant start, String zone, String days, Instant opening, String close) {
        setClock(start);
        String window = "\"deliveryWindow\":{\"from\":\"09:00\",\"to\":\"17:00\",\"timeZone\":\"" + zone + "\""
                + ("[]".equals(days) ? "" : ",\"days\":" + days) + "}";
        UUID id = accept("\"validUntil\":\"" + start.plus(Duration.ofHours(23)) + "\"," + window);
        assertThat(row(id).get("next_attempt_at")).isEqualTo(Timestamp.from(opening));
        assertThat(row(id)).containsEntry("waiting_for", "DELIVERY_WINDOW");
        assertNothingSentFor(id);

        // One hour early is the opening the zone's old offset would give: still closed.
        moveTo(opening.minus(Duration.ofHours(1)));
        assertNothingSentFor(id);
        moveTo(opening.minusMillis(1));
        assertNothingSentFor(id);

        moveTo(opening);
        assertThat(sentBody(id).get("validUntil").asString()).isEqualTo(close);
        assertThat(status(id)).isEqualTo("SUBMITTED");
    }

    private void answerNotTakenThenCreated() {
        WM.resetAll();
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "0")));
    }

    @Test
    void aRetryThatWouldFallAfterTheCloseMovesToTheNextOpening() {
        // 12:04:59.950 in Singapore, the window closes at 12:05: any backoff lands after the close.
        clock.set(Instant.parse("2026-12-01T04:04:59.950Z"));
        answerNotTakenThenCreated();
        UUID id = accept("\"validUntil\":\"2026-12-02T03:00:00Z\"," + window("09:00", "12:05", "Asia/Singapore"));
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("QUEUED");
        assertThat(requestsFor(id)).isNotEmpty();
        Map<String, Object> row = row(id);
        assertThat(row).containsEntry("waiting_for", "DELIVERY_WINDOW")
                .containsEntry("next_attempt_at", Timestamp.from(Instant.parse("2026-12-02T01:00:00Z")));
        int posted = requestsFor(id).size();
        assertThat(JSON.readTree(requestsFor(id).get(0).getBodyAsString()).get("validUntil").asString())
                .isEqualTo("2026-12-01T04:05:00.000Z");
        JsonNode view = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(view.get("waitingFor").asString()).isEqualTo("DELIVERY_WINDOW");
        assertThat(view.get("nextAttemptAt").asString()).isEqualTo("2026-12-02T01:00:00Z");

        moveTo(Instant.parse("2026-12-01T23:00:00Z"));
        assertThat(step()).as("a step at 07:00 in Singapore").isZero();
        moveTo(Instant.parse("2026-12-02T01:00:00Z").minusMillis(1));
        assertThat(step()).as("a step a millisecond before the next opening").isZero();
        assertThat(WM.getAllServeEvents()).hasSize(posted);
        assertThat(status(id)).isEqualTo("QUEUED");

        WM.resetAll();
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        moveTo(Instant.parse("2026-12-02T01:00:00Z"));
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("SUBMITTED");
    }

    @Test
    void aRetryWhoseNextOpeningIsAfterValidUntilEndsTheMessageSayingWhy() {
        clock.set(Instant.parse("2026-12-01T04:04:59.950Z"));
        answerNotTakenThenCreated();
        UUID id = accept("\"validUntil\":\"2026-12-01T20:00:00Z\"," + window("09:00", "12:05", "Asia/Singapore"));
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("EXPIRED");
        assertThat((String) row(id).get("last_error")).contains("delivery window").contains("opens again")
                .contains("HTTP 503");
        assertThat(row(id).get("next_attempt_at")).isNull();
    }

    @Test
    void aWindowThatClosedWhileTheMessageWaitedIsNotCalled() {
        // Due at once, but claimed only after its window closed (a backlog, a stopped dispatcher): not sent, moved on.
        UUID id = insertText(T0.plus(Duration.ofHours(23)));
        jdbc.update("""
                UPDATE voice_message SET window_from = '09:00', window_to = '11:00', window_days = 'MON,TUE,WED,THU,FRI,SAT,SUN',
                       window_zone = 'Asia/Singapore' WHERE id = ?""", id);
        jdbc.update("UPDATE voice_call SET next_attempt_at = ? WHERE message_id = ?", Timestamp.from(T0), id);
        assertThat(step()).as("claimed, then moved on unsent").isEqualTo(1);
        assertThat(row(id).get("waiting_for")).isEqualTo("DELIVERY_WINDOW");
        assertThat(requestsFor(id)).isEmpty();
        assertThat(row(id)).containsEntry("attempts", 0).containsEntry("status", "QUEUED")
                .containsEntry("next_attempt_at", Timestamp.from(Instant.parse("2026-12-02T01:00:00Z")));
    }

    private void noAnswer(UUID id) {
        assertThat(step()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("SUBMITTED");
        summary(id.toString(), "NO_ANSWER");
    }

    private void summary(String clientRequestId, String sessionStatus) {
        String body = """
                {"namespace": "VOICE", "eventType": "SESSION_SUMMARY",
                 "payload": {"sessionId": "sess-%s", "clientRequestId": "%s", "subAccountId": "acme-sub",
                   "sessionStatus": "%s", "startTime": "2026-12-01T04:04:00Z", "endTime": "2026-12-01T04:04:20Z",
                   "lastAction": "MAKE_CALL", "callCount": 1}}
                """.formatted(clientRequestId, clientRequestId, sessionStatus);
        Answer answer = send(request(RedialTest.WEBHOOK, null).header("Content-Type", "application/json")
                .header("Authorization", "Bearer test-webhook-secret")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(answer.json().get("outcome").asString()).isEqualTo("APPLIED");
    }

    private static String redialIn(String validUntil, String from, String to) {
        return "\"validUntil\":\"" + validUntil + "\",\"redial\":{\"maxCalls\":2,\"interval\":\"PT5M\"},"
                + window(from, to, "Asia/Singapore");
    }

    @Test
    void aRedialThatWouldFallAfterTheCloseWaitsForTheNextOpening() {
        clock.set(Instant.parse("2026-12-01T04:04:00Z")); // 12:04 in Singapore, the window closes at 12:05
        stubCreated();
        UUID id = accept(redialIn("2026-12-02T03:00:00Z", "09:00", "12:05"));
        noAnswer(id);

        // 12:09 would be the redial: after the close, so 09:00 the next morning.
        Map<String, Object> row = row(id);
        assertThat(row).containsEntry("status", "QUEUED").containsEntry("current_call", 2)
                .containsEntry("waiting_for", "DELIVERY_WINDOW")
                .containsEntry("next_attempt_at", Timestamp.from(Instant.parse("2026-12-02T01:00:00Z")));
        JsonNode view = get("/voice-messages/" + id, ALPHA_KEY).json();
        assertThat(view.get("waitingFor").asString()).isEqualTo("DELIVERY_WINDOW");
        assertThat(view.at("/calls/1/kind").asString()).isEqualTo("REDIAL");

        moveTo(Instant.parse("2026-12-01T23:00:00Z"));
        assertThat(step()).as("a step at 07:00 in Singapore").isZero();
        moveTo(Instant.parse("2026-12-02T01:00:00Z").minusMillis(1));
        assertThat(step()).as("a step a millisecond before the opening").isZero();
        assertThat(RedialTest.callflows()).hasSize(1);

        moveTo(Instant.parse("2026-12-02T01:00:00Z"));
        assertThat(step()).isEqualTo(1);
        assertThat(RedialTest.callflows()).hasSize(2);
        JsonNode redial = JSON.readTree(RedialTest.callflows().get(1).getBodyAsString());
        assertThat(redial.get("clientRequestId").asString()).isEqualTo(id + ":2");
        assertThat(redial.get("validUntil").asString()).as("the message's validUntil, before the 04:05Z close")
                .isEqualTo("2026-12-02T03:00:00.000Z");
    }

    @Test
    void aRedialWhoseNextOpeningIsAfterValidUntilEndsWithTheLastCallsOutcome() {
        clock.set(Instant.parse("2026-12-01T04:04:00Z"));
        stubCreated();
        UUID id = accept(redialIn("2026-12-01T20:00:00Z", "09:00", "12:05"));
        noAnswer(id);

        assertThat(status(id)).isEqualTo("NO_ANSWER");
        assertThat((String) row(id).get("last_error")).contains("redial not placed").contains("delivery window")
                .contains("2026-12-02T01:00:00Z");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM voice_call WHERE message_id = ? AND status = 'QUEUED'",
                Integer.class, id)).isZero();
        // Where the redial would have been (12:09), and the next opening: neither step calls anyone.
        moveTo(Instant.parse("2026-12-01T04:09:00Z"));
        assertThat(step()).isZero();
        moveTo(Instant.parse("2026-12-02T01:00:00Z"));
        assertThat(step()).isZero();
        assertThat(RedialTest.callflows()).hasSize(1);
    }
}
