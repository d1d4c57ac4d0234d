package com.example.voicegateway.callback;

import static com.example.voicegateway.callback.CallbackTestSupport.HOOK;
import static com.example.voicegateway.callback.CallbackTestSupport.RECEIVER;
import static com.example.voicegateway.callback.CallbackTestSupport.hookUrl;
import static com.example.voicegateway.callback.CallbackTestSupport.receivedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.support.EndToEndTest;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A message's whole life reported to its sender: dispatch through the built-in 8x8 emulator, the session summary,
 * and one signed callback per change, delivered in order.
 */
class CallbackEndToEndTest extends EndToEndTest {

    @BeforeEach
    void receiverAnswers200() {
        RECEIVER.resetAll();
        RECEIVER.stubFor(WireMock.post(WireMock.urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void anAcknowledgedMessageReportsTheKeyAtOnceAndTheSummaryAfterItAddsNothing() {
        Answer accepted = post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234505", "text": "The server room is on fire.",
                 "acknowledge": {"digit": "1", "thanks": "Thank you.", "timeout": "PT3S"}, "callbackUrl": "%s"}
                """.formatted(hookUrl()));
        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().get("id").asString();

        // The summary comes after the key: once it is stored the message has said all it will say.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/voice-messages/" + id, ALPHA_KEY).json(),
                        v -> v.has("summary") && v.get("callbacks").size() == 2
                                && v.get("callbacks").findValuesAsString("status").stream()
                                        .allMatch("DELIVERED"::equals));

        List<JsonNode> bodies = inArrivalOrder(id);
        assertThat(bodies).extracting(b -> b.get("type").asString())
                .containsExactly("voice_message.submitted", "voice_message.acknowledged");
        assertThat(bodies.get(1).at("/data/status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(bodies.get(1).at("/data/calls/0/acknowledgement/pressed").asString()).isEqualTo("1");
    }

    @Test
    void aMessageWithRedialsReportsEachCallAndThenItsEndInOrder() {
        // The sandbox never answers this number: two calls, both NO_ANSWER, then the fallback, which answers.
        Answer accepted = post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234502", "text": "Your courier is at the door.",
                 "redial": {"maxCalls": 2, "interval": "PT0.1S", "on": ["NO_ANSWER"]},
                 "fallbackDestinations": ["+6591234567"], "callbackUrl": "%s"}
                """.formatted(hookUrl()));
        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().get("id").asString();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/voice-messages/" + id, ALPHA_KEY).json(),
                        v -> v.get("callbacks").size() == 6
                                && v.get("callbacks").findValuesAsString("status").stream()
                                        .allMatch("DELIVERED"::equals));

        List<JsonNode> bodies = inArrivalOrder(id);
        assertThat(bodies).extracting(b -> b.get("type").asString()).containsExactly(
                "voice_message.submitted", "voice_message.call_ended",
                "voice_message.submitted", "voice_message.call_ended",
                "voice_message.submitted", "voice_message.completed");
        assertThat(bodies).extracting(b -> b.get("sequence").asInt()).containsExactly(1, 2, 3, 4, 5, 6);
        // Each snapshot is the message as it was: the call that ended, the next one planned.
        assertThat(bodies.get(1).at("/data/calls/0/status").asString()).isEqualTo("NO_ANSWER");
        assertThat(bodies.get(1).at("/data/calls/1/status").asString()).isEqualTo("QUEUED");
        assertThat(bodies.get(4).at("/data/calls/2/destination").asString()).isEqualTo("+6591234567");
        assertThat(bodies.get(5).at("/data/status").asString()).isEqualTo("COMPLETED");
        assertThat(bodies.get(5).at("/data/calls")).hasSize(3);
    }

    @Test
    void theSenderHearsOfEachChangeInOrderSignedAndWithTheMessageAsItWasThen() {
        Answer accepted = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"+6591234567\","
                + "\"text\":\"Your parcel arrives tomorrow.\",\"callbackUrl\":\"" + hookUrl() + "\"}");
        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().get("id").asString();

        JsonNode view = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(25))
                .until(() -> get("/voice-messages/" + id, ALPHA_KEY).json(),
                        v -> v.get("callbacks").size() == 2
                                && v.get("callbacks").findValuesAsString("status").stream()
                                        .allMatch("DELIVERED"::equals));

        List<JsonNode> bodies = inArrivalOrder(id);
        assertThat(bodies).extracting(b -> b.get("type").asString())
                .containsExactly("voice_message.submitted", "voice_message.completed");
        assertThat(bodies).extracting(b -> b.get("sequence").asInt()).containsExactly(1, 2);
        assertThat(bodies.get(0).at("/data/status").asString()).isEqualTo("SUBMITTED");
        assertThat(bodies.get(0).at("/data/sessionId").asString()).isNotBlank();
        assertThat(bodies.get(1).at("/data/status").asString()).isEqualTo("COMPLETED");
        assertThat(bodies.get(1).at("/data/summary/sessionStatus").asString()).isEqualTo("COMPLETED");
        assertThat(view.at("/callbacks/0/type").asString()).isEqualTo("voice_message.submitted");
        assertThat(view.at("/callbacks/1/type").asString()).isEqualTo("voice_message.completed");
    }

    /** What the receiver got for the message, oldest first, each verified with the library. */
    private static List<JsonNode> inArrivalOrder(String id) {
        return receivedFor(id).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(CallbackTestSupport::verified).toList();
    }
}
