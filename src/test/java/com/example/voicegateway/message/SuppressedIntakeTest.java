package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A message to a number on a do-not-call list, as intake decides it in its one insert: stored SUPPRESSED with its first
 * call SUPPRESSED and never queued (the client's list or the global one), refused with 422 for a client that asked
 * for it ({@code strict}), fallbacks on a list left out of the plan and shown as skipped; and the {@code optOut}
 * sentence in the message's language.
 */
class SuppressedIntakeTest extends IntegrationTest {

    private static final String NUMBER = "+6591230001";
    private static final String OTHER = "+6591230002";
    private static final String STRICT_KEY = "strict-key";
    private static final String SINGAPORE_KEY = "singapore-key";

    @Test
    void aMessageToANumberOnTheClientsListIsAcceptedSuppressedAndNeverQueued() {
        suppress(ALPHA_KEY, NUMBER);

        Answer accepted = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\"}");

        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        JsonNode message = accepted.json();
        assertThat(message.get("status").asString()).isEqualTo("SUPPRESSED");
        assertThat(message.get("suppressedBy").asString()).isEqualTo("CLIENT");
        assertThat(message.has("nextAttemptAt")).isFalse();
        assertThat(message.at("/calls/0/status").asString()).isEqualTo("SUPPRESSED");
        assertThat(message.at("/calls/0/suppressedBy").asString()).isEqualTo("CLIENT");
        // What a later GET shows is what the 202 said.
        JsonNode read = get("/voice-messages/" + message.get("id").asString(), ALPHA_KEY).json();
        assertThat(read.get("status").asString()).isEqualTo("SUPPRESSED");
        assertThat(read.get("suppressedBy").asString()).isEqualTo("CLIENT");
        assertThat(read.at("/calls/0/status").asString()).isEqualTo("SUPPRESSED");
        assertThat(read.at("/calls/0/endedAt").asString()).isEqualTo(read.get("createdAt").asString());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM voice_call WHERE status = 'QUEUED'", Long.class))
                .as("nothing for a dispatcher to claim").isZero();

        // Another client's list is that client's own.
        Answer beta = post("/voice-messages", BETA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\"}");
        assertThat(beta.json().get("status").asString()).isEqualTo("QUEUED");
        assertThat(beta.json().has("suppressedBy")).isFalse();
    }

    @Test
    void theGlobalListHoldsForEveryClientAndTheClientsOwnListIsNamedFirst() {
        suppress(OPS_KEY, NUMBER);

        for (String key : new String[] {ALPHA_KEY, BETA_KEY}) {
            JsonNode message = accepted(key, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\"}");
            assertThat(message.get("status").asString()).isEqualTo("SUPPRESSED");
            assertThat(message.get("suppressedBy").asString()).isEqualTo("GLOBAL");
        }
        suppress(ALPHA_KEY, NUMBER);
        assertThat(accepted(ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\"}").get("suppressedBy")
                .asString()).isEqualTo("CLIENT");
    }

    @Test
    void anEntryPastItsExpiryNoLongerHolds() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.set(now);
        Answer added = post("/suppressions", ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"reason\":\"Asked for a"
                + " month of quiet\",\"expiresAt\":\"" + now.plus(Duration.ofHours(1)) + "\"}");
        assertThat(added.status()).as(added.raw().body()).isEqualTo(201);

        assertThat(accepted(ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\"}").get("status")
                .asString()).isEqualTo("SUPPRESSED");
        clock.set(now.plus(Duration.ofHours(1)));
        assertThat(accepted(ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\"}").get("status")
                .asString()).isEqualTo("QUEUED");
    }

    @Test
    void fallbackNumbersOnAListAreLeftOutOfThePlanAndShownAsSkipped() {
        suppress(ALPHA_KEY, "+6598760001");
        suppress(OPS_KEY, "+6598760003");

        JsonNode message = accepted(ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\","
                + "\"fallbackDestinations\":[\"+6598760001\",\"+6598760002\",\"+6598760003\"]}");

        assertThat(message.get("status").asString()).isEqualTo("QUEUED");
        assertThat(message.get("fallbackDestinations").valueStream().map(JsonNode::asString))
                .containsExactly("+6598760002");
        assertThat(message.get("skippedFallbacks").toString()).isEqualTo("[{\"destination\":\"+6598760001\","
                + "\"suppressedBy\":\"CLIENT\"},{\"destination\":\"+6598760003\",\"suppressedBy\":\"GLOBAL\"}]");
        JsonNode read = get("/voice-messages/" + message.get("id").asString(), ALPHA_KEY).json();
        assertThat(read.get("skippedFallbacks")).isEqualTo(message.get("skippedFallbacks"));
        assertThat(read.get("fallbackDestinations")).isEqualTo(message.get("fallbackDestinations"));
        assertThat(jdbc.queryForObject("SELECT fallback_destinations FROM voice_message", String.class))
                .isEqualTo("+6598760002");
    }

    @Test
    void aClientThatRejectsSuchMessagesHears422AndNothingIsStoredButAReplayIsStillAReplay() {
        String body = "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\"}";
        Answer first = post("/voice-messages", STRICT_KEY, body, "order-1");
        assertThat(first.status()).isEqualTo(202);
        suppress(STRICT_KEY, NUMBER);

        Answer refused = post("/voice-messages", STRICT_KEY, body);

        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("suppressedBy").asString()).isEqualTo("CLIENT");
        assertThat(refused.json().get("detail").asString()).contains("your do-not-call list")
                .contains("gateway.clients.strict.on-suppressed is reject");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM voice_message", Long.class)).isOne();
        // The message stored before the number went on the list answers its replay as it is.
        Answer replay = post("/voice-messages", STRICT_KEY, body, "order-1");
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().get("id")).isEqualTo(first.json().get("id"));
        // A new key is a new message: refused.
        assertThat(post("/voice-messages", STRICT_KEY, body, "order-2").status()).isEqualTo(422);
        // Fallbacks on a list are skipped for such a client too: only the destination refuses.
        suppress(OPS_KEY, OTHER);
        Answer skipped = post("/voice-messages", STRICT_KEY, "{\"destination\":\"+6591230003\",\"text\":\"Hi\","
                + "\"fallbackDestinations\":[\"" + OTHER + "\"]}");
        assertThat(skipped.status()).isEqualTo(202);
        assertThat(skipped.json().at("/skippedFallbacks/0/suppressedBy").asString()).isEqualTo("GLOBAL");
    }

    @Test
    void aNationalNumberMatchesTheEntryOfItsE164Form() {
        Answer added = post("/suppressions", SINGAPORE_KEY, "{\"destination\":\"9123 0001\",\"reason\":\"By phone\"}");
        assertThat(added.status()).as(added.raw().body()).isEqualTo(201);
        assertThat(added.json().get("destination").asString()).isEqualTo(NUMBER);

        JsonNode message = accepted(SINGAPORE_KEY, "{\"destination\":\"91230001\",\"text\":\"Hi\"}");
        assertThat(message.get("status").asString()).isEqualTo("SUPPRESSED");
    }

    @Test
    void theOptOutSentenceIsTheClientsOrTheGatewaysForTheVoicesLanguageElseTheDefault() {
        JsonNode english = accepted(ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\","
                + "\"optOut\":{\"digit\":\"9\",\"confirmation\":\"You will not receive these calls again.\"}}");
        assertThat(english.get("optOut").toString()).isEqualTo("{\"digit\":\"9\",\"prompt\":\"To stop receiving these"
                + " calls, press 9.\",\"confirmation\":\"You will not receive these calls again.\"}");
        JsonNode gateways = accepted(ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Halo\","
                + "\"voiceProfile\":\"id-ID-GadisNeural\",\"optOut\":{\"digit\":\"8\"}}");
        assertThat(gateways.at("/optOut/prompt").asString())
                .isEqualTo("Untuk berhenti menerima panggilan ini, tekan 8.");
        assertThat(gateways.at("/optOut").has("confirmation")).isFalse();
        JsonNode clients = accepted(SINGAPORE_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Halo\","
                + "\"voiceProfile\":\"id-ID-GadisNeural\",\"optOut\":{\"digit\":\"8\"}}");
        assertThat(clients.at("/optOut/prompt").asString()).isEqualTo("Tekan 8 untuk berhenti.");
        // An audio message with optOut speaks the sentence: it gets the default voice.
        JsonNode audio = accepted(ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"audioUrl\":"
                + "\"https://example.com/a.mp3\",\"optOut\":{\"digit\":\"9\"}}");
        assertThat(audio.has("voiceProfile")).isTrue();
    }

    @Test
    void oneKeyCannotBothConfirmAndStopAndTheKeyIsOneDigit() {
        Answer same = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\","
                + "\"acknowledge\":{\"digit\":\"9\"},\"optOut\":{\"digit\":\"9\"}}");
        assertThat(same.status()).isEqualTo(400);
        assertThat(same.json().get("errors").toString()).contains("\"field\":\"optOut.digit\"")
                .contains("must differ from acknowledge.digit");

        Answer notADigit = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\","
                + "\"optOut\":{\"digit\":\"#\"}}");
        assertThat(notADigit.status()).isEqualTo(400);
        assertThat(notADigit.json().get("errors").toString()).contains("\"field\":\"optOut.digit\"")
                .contains("must be one of 0 to 9");
        Answer none = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\","
                + "\"optOut\":{}}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("errors").toString()).contains("\"field\":\"optOut.digit\"")
                .contains("is required");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM voice_message", Long.class)).isZero();
    }

    @Test
    void usageCountsTheSuppressedCallsApartFromThePlacedOnes() {
        suppress(ALPHA_KEY, NUMBER);
        accepted(ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\"}");
        accepted(ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\"}");

        JsonNode usage = get("/admin/usage?client=alpha", OPS_KEY).json();

        assertThat(usage.at("/clients/0/client").asString()).isEqualTo("alpha");
        assertThat(usage.at("/clients/0/suppressed").asLong()).isEqualTo(2);
        assertThat(usage.at("/clients/0/calls").asLong()).isZero();
    }

    private void suppress(String key, String number) {
        Answer added = post("/suppressions", key, "{\"destination\":\"" + number + "\",\"reason\":\"Asked not to be"
                + " called\"}");
        assertThat(added.status()).as(added.raw().body()).isIn(200, 201);
    }

    private JsonNode accepted(String key, String body) {
        Answer accepted = post("/voice-messages", key, body);
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        return accepted.json();
    }
}
