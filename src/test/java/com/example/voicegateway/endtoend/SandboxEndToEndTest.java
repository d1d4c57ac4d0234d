package com.example.voicegateway.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.support.EndToEndTest;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The README's promise: with nothing but the default settings, a message goes from POST to its final status
 * through the dispatcher, the built-in 8x8 emulator and the session-summary webhook, all over HTTP.
 */
class SandboxEndToEndTest extends EndToEndTest {

    @ParameterizedTest(name = "{0} ends {1}")
    @CsvSource({"+6591234567, COMPLETED", "+6591234501, BUSY", "+6591234502, NO_ANSWER", "+6591234503, ERROR",
            "+6591234504, FAILED"})
    void aMessageReachesItsFinalStatusThroughTheSandbox(String destination, String expected) {
        Answer accepted = post("/voice-messages", ALPHA_KEY,
                "{\"destination\":\"" + destination + "\",\"text\":\"Your parcel arrives tomorrow.\"}");
        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().get("id").asString();

        // The summary may land before the dispatcher has written its own attempt: wait for both.
        JsonNode message = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25))
                .until(() -> get("/voice-messages/" + id, ALPHA_KEY).json(),
                        view -> expected.equals(view.get("status").asString()) && !view.get("attempts").isEmpty());

        assertThat(message.get("sessionId").asString()).isNotBlank();
        assertThat(message.get("attempts")).hasSize(1);
        assertThat(message.at("/attempts/0/outcome").asString()).isEqualTo("SUBMITTED");
        assertThat(message.at("/summary/sessionStatus").asString()).isEqualTo(expected);
        assertThat(message.at("/summary/sessionId").asString()).isEqualTo(message.get("sessionId").asString());
        if (expected.equals("ERROR")) {
            assertThat(message.at("/summary/errorCode").asInt()).isEqualTo(-2004);
        }
        Answer journal = get("/admin/sandbox/callflows", OPS_KEY);
        assertThat(journal.raw().body()).contains(id);
    }

    @ParameterizedTest(name = "{0}: {1} on the first call, answered on the redial")
    @CsvSource({"+6591234508, NO_ANSWER", "+6591234509, BUSY"})
    void theSandboxsRedialNumbersAnswerTheSecondCall(String destination, String first) {
        Answer accepted = post("/voice-messages", ALPHA_KEY, """
                {"destination": "%s", "text": "Your courier is at the door.",
                 "redial": {"maxCalls": 3, "interval": "PT0.2S"}}
                """.formatted(destination));
        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().get("id").asString();

        JsonNode message = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25))
                .until(() -> get("/voice-messages/" + id, ALPHA_KEY).json(),
                        view -> "COMPLETED".equals(view.get("status").asString())
                                && view.get("attempts").size() == 2);

        assertThat(message.get("calls").valueStream().map(c -> c.get("status").asString()))
                .containsExactly(first, "COMPLETED");
        assertThat(message.at("/calls/1/clientRequestId").asString()).isEqualTo(id + ":2");
        assertThat(message.at("/calls/0/summary/sessionStatus").asString()).isEqualTo(first);
        assertThat(message.at("/summary/sessionStatus").asString()).isEqualTo("COMPLETED");
    }
}
