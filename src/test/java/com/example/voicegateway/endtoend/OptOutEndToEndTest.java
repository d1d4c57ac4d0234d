package com.example.voicegateway.endtoend;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.support.EndToEndTest;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * "Press 9 to stop" from POST to the do-not-call list, in the sandbox: the callflow speaks the opt-out sentence, the
 * emulator's test number {@code …11} presses its key, our call action webhook answers with the confirmation, the
 * number goes on the client's list (audited, and told to the sender as {@code voice_message.opted_out}), and the next
 * message to the number is never called.
 */
class OptOutEndToEndTest extends EndToEndTest {

    private static final String PRESSES_NINE = "+6591234511";
    private static final String HOOK = "/opt-out-hook";
    private static final WireMockServer RECEIVER = new WireMockServer(options().dynamicPort());

    static {
        RECEIVER.start();
    }

    @BeforeEach
    void receiverAnswers200() {
        RECEIVER.resetAll();
        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void thePersonWhoPressesNineIsNeverCalledAgainByThatClient() {
        String id = send(PRESSES_NINE, "");

        JsonNode message = ended(id, view -> view.at("/calls/0/optedOutAt").isString());

        assertThat(message.get("status").asString()).as("the call itself completed").isEqualTo("COMPLETED");
        JsonNode entry = get("/suppressions?destination=%2B6591234511", ALPHA_KEY).json().at("/items/0");
        assertThat(entry.get("origin").asString()).isEqualTo("KEY_PRESS");
        assertThat(entry.get("messageId").asString()).isEqualTo(id);
        assertThat(entry.get("list").asString()).isEqualTo("CLIENT");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'suppression.opt_out'"
                + " AND message_id = CAST(? AS uuid)", Long.class, id)).isOne();
        // The key as 8x8 reported it: matched at once (answered with the confirmation), or, when it came before
        // dispatch had stored the call's session, matched by the summary that named the session.
        assertThat(jdbc.queryForList("SELECT e.outcome || ' ' || e.answer FROM call_action_event e JOIN voice_call c"
                + " ON c.session_id = e.session_id WHERE c.message_id = CAST(? AS uuid) AND e.dtmf = '9'",
                String.class, id)).singleElement().isIn("OPTED_OUT THANKS", "UNMATCHED HANGUP");

        List<String> types = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> callbackTypes(id), t -> t.contains("voice_message.completed"));
        assertThat(types).containsExactly("voice_message.submitted", "voice_message.opted_out",
                "voice_message.completed");

        // Never called again by this client: stored SUPPRESSED, nothing queued.
        Answer again = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"" + PRESSES_NINE + "\",\"text\":\"Hi\"}");
        assertThat(again.json().get("status").asString()).isEqualTo("SUPPRESSED");
        assertThat(again.json().get("suppressedBy").asString()).isEqualTo("CLIENT");
        // Another client's messages are its own affair.
        assertThat(post("/voice-messages", BETA_KEY, "{\"destination\":\"" + PRESSES_NINE + "\",\"text\":\"Hi\"}")
                .json().get("status").asString()).isEqualTo("QUEUED");
    }

    @Test
    void withAcknowledgeBothKeysAreListenedForAndTheOptOutKeyIsNotAConfirmation() {
        String ack = ",\"acknowledge\":{\"digit\":\"1\",\"timeout\":\"PT3S\",\"tries\":1}";
        String optedOut = send(PRESSES_NINE, ack);
        String confirmed = send("+6591234505", ack);

        JsonNode nine = ended(optedOut, view -> view.at("/calls/0/optedOutAt").isString());
        JsonNode one = ended(confirmed, view -> true);

        assertThat(nine.get("status").asString()).isEqualTo("NOT_ACKNOWLEDGED");
        assertThat(nine.at("/calls/0/acknowledgement/pressed").asString()).isEqualTo("9");
        assertThat(nine.at("/calls/0/optedOutAt").isString()).isTrue();
        assertThat(one.get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(one.at("/calls/0/optedOutAt").isMissingNode()).isTrue();
        assertThat(get("/suppressions", ALPHA_KEY).json().get("items").valueStream()
                .map(e -> e.get("destination").asString())).containsExactly(PRESSES_NINE);
    }

    @Test
    void aPersonWhoHearsOnlyTheOptOutSentencePressesNothingAndStaysCallable() {
        String id = send("+6591234567", "");

        JsonNode message = ended(id, view -> true);

        assertThat(message.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(message.at("/calls/0/optedOutAt").isMissingNode()).isTrue();
        assertThat(get("/suppressions", ALPHA_KEY).json().get("totalElements").asLong()).isZero();
    }

    private String send(String destination, String more) {
        Answer accepted = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"" + destination + "\","
                + "\"text\":\"Your appointment is tomorrow at 9.\",\"callbackUrl\":\"http://127.0.0.1:"
                + RECEIVER.port() + HOOK + "\",\"optOut\":{\"digit\":\"9\",\"confirmation\":\"You will not receive"
                + " these calls again.\"}" + more + "}");
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        assertThat(accepted.json().at("/optOut/prompt").asString()).isEqualTo("To stop receiving these calls, press 9.");
        return accepted.json().get("id").asString();
    }

    /** The message once final, its summary stored, and {@code also} true of it. */
    private JsonNode ended(String id, java.util.function.Predicate<JsonNode> also) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/voice-messages/" + id, ALPHA_KEY).json(),
                        view -> !List.of("QUEUED", "SENDING", "SUBMITTED", "UNKNOWN")
                                .contains(view.get("status").asString()) && view.has("summary") && also.test(view));
    }

    private static List<String> callbackTypes(String id) {
        return RECEIVER.findAll(postRequestedFor(urlPathEqualTo(HOOK))).stream()
                .filter(r -> r.getBodyAsString().contains(id))
                .sorted(Comparator.comparing((LoggedRequest r) -> JSON.readTree(r.getBodyAsString())
                        .get("sequence").asInt()))
                .map(r -> JSON.readTree(r.getBodyAsString()).get("type").asString()).toList();
    }
}
