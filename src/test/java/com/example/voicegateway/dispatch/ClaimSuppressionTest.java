package com.example.voicegateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A message already queued when its number goes on a do-not-call list is not called: the claim finds the number on
 * the list and the ledger ends the call SUPPRESSED before anything is posted; a redial to the destination ends the
 * message, a fallback on the list is skipped for the next one. Each step is the dispatcher's, at the test's time.
 */
class ClaimSuppressionTest extends DispatchTestBase {

    private static final String DESTINATION = "+6591230001";
    private static final String FALLBACK_1 = "+6598760001";
    private static final String FALLBACK_2 = "+6598760002";

    @Test
    void aQueuedMessageWhoseNumberIsSuppressedIsClaimedAndEndedWithoutACallflow() {
        stubCreated();
        UUID id = send("{\"destination\":\"" + DESTINATION + "\",\"text\":\"Hi\"}");
        suppress(ALPHA_KEY, DESTINATION);

        assertThat(step()).as("claimed, then ended unposted").isEqualTo(1);

        assertThat(requestCount()).as("callflows posted").isZero();
        JsonNode view = view(id);
        assertThat(view.get("status").asString()).isEqualTo("SUPPRESSED");
        assertThat(view.get("suppressedBy").asString()).isEqualTo("CLIENT");
        assertThat(view.at("/calls/0/status").asString()).isEqualTo("SUPPRESSED");
        assertThat(view.get("attempts")).as("nothing was posted").isEmpty();
        assertThat(jdbc.queryForObject("SELECT attempts FROM voice_call WHERE message_id = ?", Integer.class, id))
                .as("the claim's attempt given back").isZero();
        assertThat(step()).as("nothing left to claim").isZero();
        assertThat(jdbc.queryForObject("SELECT last_error FROM voice_call WHERE message_id = ?", String.class, id))
                .contains("do-not-call list");
    }

    @Test
    void theGlobalListHoldsAtTheClaimTooAndAnotherClientsListDoesNot() {
        stubCreated();
        UUID alpha = send("{\"destination\":\"" + DESTINATION + "\",\"text\":\"Hi\"}");
        UUID beta = sendAs(BETA_KEY, "{\"destination\":\"+6591230002\",\"text\":\"Hi\"}");
        suppress(OPS_KEY, DESTINATION);
        suppress(ALPHA_KEY, "+6591230002");

        assertThat(step()).isEqualTo(2);

        assertThat(status(alpha)).isEqualTo("SUPPRESSED");
        assertThat(view(alpha).get("suppressedBy").asString()).isEqualTo("GLOBAL");
        assertThat(status(beta)).as("alpha's list is alpha's").isEqualTo("SUBMITTED");
        assertThat(requestsFor(beta)).hasSize(1);
        assertThat(requestsFor(alpha)).isEmpty();
    }

    @Test
    void aRedialToADestinationSuppressedBetweenCallsEndsTheMessageAndSkipsTheFallbacks() {
        stubCreated();
        UUID id = send(RedialTest.redial(DESTINATION, 2, "PT0.2S",
                ", \"fallbackDestinations\": [\"" + FALLBACK_1 + "\"]"));
        placeAndSettle(id.toString(), "NO_ANSWER", 1);
        suppress(ALPHA_KEY, DESTINATION);

        assertThat(stepWhenDue(id)).isEqualTo(1);

        assertThat(RedialTest.callflows()).as("only the first call was posted").hasSize(1);
        JsonNode view = view(id);
        assertThat(view.get("status").asString()).isEqualTo("SUPPRESSED");
        assertThat(view.get("calls").valueStream().map(c -> c.get("status").asString()))
                .containsExactly("NO_ANSWER", "SUPPRESSED");
        assertThat(view.at("/calls/1/kind").asString()).isEqualTo("REDIAL");
        assertThat(step()).isZero();
    }

    @Test
    void aFallbackSuppressedBeforeItsTurnIsSkippedAtOnceForTheNextOne() {
        stubCreated();
        UUID id = send(RedialTest.redial(DESTINATION, 1, "PT0.2S",
                ", \"fallbackDestinations\": [\"" + FALLBACK_1 + "\", \"" + FALLBACK_2 + "\"]"));
        placeAndSettle(id.toString(), "NO_ANSWER", 1);
        suppress(OPS_KEY, FALLBACK_1);

        // The first fallback's call falls due, is found on the list, and the second is due at once.
        assertThat(stepWhenDue(id)).isEqualTo(1);
        assertThat(RedialTest.callflows()).hasSize(1);
        assertThat(status(id)).isEqualTo("QUEUED");
        assertThat(nextAttemptAt(id)).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(step()).isEqualTo(1);

        List<String> posted = RedialTest.callflows().stream().map(RedialTest::destination).toList();
        assertThat(posted).containsExactly(DESTINATION, FALLBACK_2);
        JsonNode view = view(id);
        assertThat(view.get("calls").valueStream().map(c -> c.get("status").asString()))
                .containsExactly("NO_ANSWER", "SUPPRESSED", "SUBMITTED");
        assertThat(view.at("/calls/1/suppressedBy").asString()).isEqualTo("GLOBAL");
        assertThat(view.at("/calls/2/destination").asString()).isEqualTo(FALLBACK_2);
    }

    @Test
    void aNumberTakenOffTheListBeforeTheClaimIsCalled() {
        stubCreated();
        UUID id = send("{\"destination\":\"" + DESTINATION + "\",\"text\":\"Hi\"}");
        suppress(ALPHA_KEY, DESTINATION);
        assertThat(send(request("/suppressions/" + DESTINATION, ALPHA_KEY).DELETE().build()).status()).isEqualTo(204);

        assertThat(step()).isEqualTo(1);

        assertThat(status(id)).isEqualTo("SUBMITTED");
        assertThat(requestsFor(id)).hasSize(1);
    }

    private UUID send(String body) {
        return sendAs(ALPHA_KEY, body);
    }

    private UUID sendAs(String key, String body) {
        Answer accepted = post("/voice-messages", key, body);
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        assertThat(accepted.json().get("status").asString()).isEqualTo("QUEUED");
        return UUID.fromString(accepted.json().get("id").asString());
    }

    private void suppress(String key, String number) {
        Answer added = post("/suppressions", key, "{\"destination\":\"" + number + "\",\"reason\":\"Asked\"}");
        assertThat(added.status()).as(added.raw().body()).isIn(200, 201);
    }

    private JsonNode view(UUID id) {
        return get("/voice-messages/" + id, OPS_KEY).json();
    }

    /** Steps the call when due, sees it posted as callflow {@code n}, and answers its summary as 8x8 would. */
    private void placeAndSettle(String clientRequestId, String sessionStatus, int n) {
        UUID id = UUID.fromString(clientRequestId.split(":")[0]);
        assertThat(stepWhenDue(id)).isEqualTo(1);
        assertThat(RedialTest.callflows()).hasSize(n);
        assertThat(RedialTest.clientRequestId(RedialTest.callflows().get(n - 1))).isEqualTo(clientRequestId);
        String body = """
                {"namespace": "VOICE", "eventType": "SESSION_SUMMARY",
                 "payload": {"sessionId": "sess-%1$s", "clientRequestId": "%1$s", "subAccountId": "acme-sub",
                   "sessionStatus": "%2$s", "startTime": "2026-12-01T10:00:00Z", "endTime": "2026-12-01T10:00:20Z",
                   "lastAction": "MAKE_CALL", "callCount": 1}}
                """.formatted(clientRequestId, sessionStatus);
        Answer answer = send(request("/webhooks/8x8/voice-session-summary", null)
                .header("Content-Type", "application/json").header("Authorization", "Bearer test-webhook-secret")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(answer.json().get("outcome").asString()).isEqualTo("APPLIED");
    }
}
