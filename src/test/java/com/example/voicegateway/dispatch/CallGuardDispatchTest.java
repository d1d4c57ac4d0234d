package com.example.voicegateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.ratelimit.DailyCallBudget;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Where a key may call, at dispatch (issue 27): each call goes out from the caller id of its own destination country
 * unless its message named a source, and a client's {@code max-calls-per-day} to a country counts each call placed
 * (redials and fallbacks included), holds a call over it until the next UTC midnight (never lost, never rung twice)
 * and gives back a call 8x8 provably did not create. 8x8 is WireMock; the dispatcher is stepped on the moved clock.
 * The suite's settings: Indonesia's caller id is +622150000000, Singapore's first is the default +6568880000;
 * {@code guarded} may place 2 calls a day to each country.
 */
class CallGuardDispatchTest extends DispatchTestBase {

    private static final String GUARDED_KEY = "guarded-key";
    private static final String INDONESIA = "+6281234567890";
    private static final String MALAYSIA = "+60123456789";
    private static final String SINGAPORE = "+6591234567";

    @Autowired
    DailyCallBudget budget;
    @Autowired
    MeterRegistry meters;

    @Test
    void aCallGoesOutFromItsDestinationCountrysCallerIdUnlessItsMessageNamedOne() {
        stubCreated();
        UUID chosen = send(ALPHA_KEY, "{\"destination\":\"" + INDONESIA + "\",\"text\":\"Halo\"}");
        UUID named = send(ALPHA_KEY, "{\"destination\":\"" + INDONESIA + "\",\"source\":\"+6568880001\","
                + "\"text\":\"Halo\"}");
        UUID home = send(ALPHA_KEY, "{\"destination\":\"" + SINGAPORE + "\",\"text\":\"Hello\"}");

        assertThat(step()).isEqualTo(3);

        assertThat(source(requestsFor(chosen).get(0))).isEqualTo("+622150000000");
        assertThat(source(requestsFor(named).get(0))).isEqualTo("+6568880001");
        assertThat(source(requestsFor(home).get(0))).isEqualTo("+6568880000");
    }

    @Test
    void aMessageStoredBeforeSourcesPerCountryKeepsTheSourceItWasGiven() {
        stubCreated();
        // Rows from before V19_1 have source_given true: their source was the default, given at intake.
        UUID id = message().set("destination", INDONESIA).set("source", "+6568880000").set("text", "Halo")
                .set("voice_profile", "en-IE-EmilyNeural").set("repetition", 1).insert();

        assertThat(step()).isEqualTo(1);

        assertThat(source(requestsFor(id).get(0))).isEqualTo("+6568880000");
    }

    @Test
    void aFallbackInAnotherCountryGoesOutFromThatCountrysCallerId() {
        stubCreated();
        UUID id = send(ALPHA_KEY, """
                {"destination": "%s", "fallbackDestinations": ["%s"], "text": "Your parcel is here.",
                 "redial": {"interval": "PT1S"}}""".formatted(SINGAPORE, INDONESIA));
        assertThat(step()).isEqualTo(1);
        summary(id.toString(), "NO_ANSWER");

        assertThat(stepWhenDue(id)).isEqualTo(1);

        List<LoggedRequest> calls = requestsFor(id);
        assertThat(calls).hasSize(1);
        List<LoggedRequest> all = WM.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo(PATH)));
        assertThat(all).extracting(CallGuardDispatchTest::source).containsExactlyInAnyOrder("+6568880000",
                "+622150000000");
        assertThat(all).filteredOn(r -> clientRequestId(r).equals(id + ":2")).singleElement()
                .satisfies(fallback -> assertThat(source(fallback)).isEqualTo("+622150000000"));
    }

    @Test
    void aCallOverTheDaysBudgetForItsCountryIsHeldUntilMidnightThenPlacedOnce() {
        stubCreated();
        clock.set(Instant.parse("2026-12-01T20:00:00Z"));
        String body = "{\"destination\":\"" + MALAYSIA + "\",\"text\":\"Hello\",\"validUntil\":"
                + "\"2026-12-02T06:00:00Z\"}";
        List<UUID> malaysian = List.of(send(GUARDED_KEY, body), send(GUARDED_KEY, body), send(GUARDED_KEY, body));
        UUID singapore = send(GUARDED_KEY, "{\"destination\":\"" + SINGAPORE + "\",\"text\":\"Hello\"}");
        double heldBefore = counter("voice_gateway.calls.held_back", "MY");

        assertThat(step()).as("one claim takes all four").isEqualTo(4);

        // Which of the three comes last to the budget is the claim's order: two are placed, one is held.
        assertThat(malaysian).extracting(this::status).containsExactlyInAnyOrder("SUBMITTED", "SUBMITTED", "QUEUED");
        UUID third = malaysian.stream().filter(id -> status(id).equals("QUEUED")).findFirst().orElseThrow();
        assertThat(status(singapore)).as("another country's budget").isEqualTo("SUBMITTED");
        assertThat(requestsFor(third)).as("over the budget: not sent").isEmpty();
        JsonNode held = view(third);
        assertThat(held.get("waitingFor").asString()).isEqualTo("DAILY_CALL_LIMIT");
        assertThat(held.get("nextAttemptAt").asString()).isEqualTo("2026-12-02T00:00:00Z");
        assertThat(held.get("attempts")).as("no POST was made").isEmpty();
        assertThat(held.get("lastError").asString()).isEqualTo(Placement.DAILY_LIMIT_USED_UP);
        assertThat(counter("voice_gateway.calls.held_back", "MY")).isEqualTo(heldBefore + 1);
        assertThat(get("/voice-messages?waitingFor=DAILY_CALL_LIMIT", GUARDED_KEY).json().get("items")
                .valueStream().map(m -> m.get("id").asString())).containsExactly(third.toString());

        double placedBefore = counter("voice_gateway.calls.placed", "MY");
        assertThat(stepWhenDue(third)).as("at midnight the budget is full again").isEqualTo(1);

        assertThat(status(third)).isEqualTo("SUBMITTED");
        assertThat(requestsFor(third)).hasSize(1);
        assertThat(counter("voice_gateway.calls.placed", "MY")).isEqualTo(placedBefore + 1);
        assertThat(budget.left("guarded", "MY")).isEqualTo(1);
    }

    @Test
    void aCallEightByEightProvablyDidNotCreateGivesItsBudgetBackAndAnUnknownOneKeepsIt() {
        // A fresh context's first callflow (class loading, the first connection) can outlast the 2 s read timeout on a
        // loaded machine and end UNKNOWN: a call to another country goes out first.
        stubCreated();
        send(GUARDED_KEY, "{\"destination\":\"" + SINGAPORE + "\",\"text\":\"Hello\"}");
        assertThat(step()).isEqualTo(1);
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sessionStatus\":\"NOT_CREATED\",\"statusCode\":-1017,"
                        + "\"statusMessage\":\"Invalid MSISDN format in Destination\"}")));
        UUID rejected = send(GUARDED_KEY, "{\"destination\":\"" + MALAYSIA + "\",\"text\":\"Hello\"}");
        assertThat(step()).isEqualTo(1);
        assertThat(status(rejected)).isEqualTo("REJECTED");
        assertThat(budget.left("guarded", "MY")).as("8x8 rang nobody").isEqualTo(2);

        // A 500 without 8x8's NOT_CREATED envelope: the call may exist, so it counts.
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500)));
        UUID unknown = send(GUARDED_KEY, "{\"destination\":\"" + MALAYSIA + "\",\"text\":\"Hello\"}");
        assertThat(step()).isEqualTo(1);
        assertThat(status(unknown)).isEqualTo("UNKNOWN");
        assertThat(budget.left("guarded", "MY")).isEqualTo(1);
    }

    private double counter(String name, String country) {
        var counter = meters.find(name).tag("client", "guarded").tag("country", country).counter();
        return counter == null ? 0 : counter.count();
    }

    private UUID send(String key, String body) {
        Answer accepted = post("/voice-messages", key, body);
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        return UUID.fromString(accepted.json().get("id").asString());
    }

    private JsonNode view(UUID id) {
        return get("/voice-messages/" + id, OPS_KEY).json();
    }

    private void summary(String clientRequestId, String sessionStatus) {
        String body = """
                {"namespace": "VOICE", "eventType": "SESSION_SUMMARY",
                 "payload": {"sessionId": "sess-%s", "clientRequestId": "%s", "subAccountId": "acme-sub",
                   "sessionStatus": "%s", "startTime": "2026-12-01T10:00:00Z", "endTime": "2026-12-01T10:00:20Z",
                   "lastAction": "MAKE_CALL", "callCount": 1}}
                """.formatted(clientRequestId, clientRequestId, sessionStatus);
        Answer answer = send(request("/webhooks/8x8/voice-session-summary", null)
                .header("Content-Type", "application/json").header("Authorization", "Bearer test-webhook-secret")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
    }

    private static String source(LoggedRequest request) {
        return JSON.readTree(request.getBodyAsString()).at("/callflow/0/params/source").asString();
    }

    private static String clientRequestId(LoggedRequest request) {
        return JSON.readTree(request.getBodyAsString()).get("clientRequestId").asString();
    }
}
