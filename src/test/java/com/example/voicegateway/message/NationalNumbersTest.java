package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A number without {@code +}: refused unless the client has a default region, where it is a national number of that
 * region ({@code singapore}: {@code gateway.clients.singapore.default-region=SG} in the suite's settings). Never read
 * as E.164 with the {@code +} left out, which would dial another country ({@code 91234567} is India's {@code +91}).
 */
class NationalNumbersTest extends IntegrationTest {

    private static final String SINGAPORE_KEY = "singapore-key";

    @Test
    void withoutADefaultRegionANumberWithoutPlusIsRefusedSayingToUseE164() {
        Answer answer = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"91234567\",\"source\":\"68881234\","
                + "\"fallbackDestinations\":[\"98765432\"],\"text\":\"Hello\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(errors(answer)).containsExactly(
                "destination must start with + and the country code (E.164, like +6591234567); a number without +"
                        + " is read as a national number only when gateway.clients.alpha.default-region is set,"
                        + " and it is not",
                "source must start with + and the country code (E.164, like +6591234567); a number without +"
                        + " is read as a national number only when gateway.clients.alpha.default-region is set,"
                        + " and it is not",
                "fallbackDestinations[0] must start with + and the country code (E.164, like +6591234567); a number"
                        + " without + is read as a national number only when gateway.clients.alpha.default-region"
                        + " is set, and it is not");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM message_state", Long.class)).isZero();
    }

    @Test
    void withADefaultRegionNumbersWithoutPlusAreNationalNumbersOfIt() {
        Answer answer = post("/voice-messages", SINGAPORE_KEY, "{\"destination\":\"91234567\",\"source\":\"68881234\","
                + "\"fallbackDestinations\":[\"98765432\",\"+447911123456\"],\"text\":\"Hello\"}");

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        JsonNode message = answer.json();
        assertThat(message.get("destination").asString()).isEqualTo("+6591234567");
        assertThat(message.get("source").asString()).isEqualTo("+6568881234");
        assertThat(message.get("fallbackDestinations").valueStream().map(JsonNode::asString))
                .containsExactly("+6598765432", "+447911123456");
    }

    @Test
    void aNationalNumberIsTheSameNumberAsItsE164Form() {
        Answer same = post("/voice-messages", SINGAPORE_KEY, "{\"destination\":\"91234567\","
                + "\"fallbackDestinations\":[\"+6591234567\"],\"text\":\"Hello\"}");
        assertThat(errors(same)).containsExactly("fallbackDestinations[0] must differ from destination");

        String first = sendWithKey("{\"destination\":\"91234567\",\"text\":\"Hello\"}", "same-number");
        String replay = sendWithKey("{\"destination\":\"+6591234567\",\"text\":\"Hello\"}", "same-number");
        assertThat(replay).as("one request, the number written two ways").isEqualTo(first);
    }

    @Test
    void aNumberThatIsNoPossibleNumberOfTheRegionSaysSo() {
        Answer answer = post("/voice-messages", SINGAPORE_KEY, "{\"destination\":\"1234\",\"text\":\"Hello\"}");

        assertThat(errors(answer)).containsExactly("destination is not a possible phone number of SG"
                + " (gateway.clients.singapore.default-region); a number of another country needs + and its country"
                + " code (E.164, like +6591234567)");
    }

    @Test
    void theListFilterReadsTheNumberTheSameWay() {
        String id = post("/voice-messages", SINGAPORE_KEY, "{\"destination\":\"91234567\",\"text\":\"Hello\"}")
                .json().get("id").asString();

        assertThat(ids(get("/voice-messages?destination=91234567", SINGAPORE_KEY))).containsExactly(id);
        assertThat(ids(get("/voice-messages?destination=%2B6591234567", SINGAPORE_KEY))).containsExactly(id);
        assertThat(ids(get("/voice-messages?destination=%2B6591234567", OPS_KEY))).containsExactly(id);
        Answer ops = get("/voice-messages?destination=91234567", OPS_KEY);
        assertThat(errors(ops)).as("an ops key has no client, so no default region")
                .containsExactly("destination must start with + and the country code (E.164, like +6591234567)");
        assertThat(get("/voice-messages?destination=6591234567", ALPHA_KEY).status()).isEqualTo(400);
    }

    private String sendWithKey(String body, String idempotencyKey) {
        Answer answer = post("/voice-messages", SINGAPORE_KEY, body, idempotencyKey);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        return answer.json().get("id").asString();
    }

    private static List<String> errors(Answer answer) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        return answer.json().get("errors").valueStream()
                .map(e -> e.get("field").asString() + " " + e.get("message").asString()).toList();
    }

    private static List<String> ids(Answer answer) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        return answer.json().get("items").valueStream().map(item -> item.get("id").asString()).toList();
    }
}
