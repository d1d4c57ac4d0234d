package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.ratelimit.DailyCallBudget;
import com.example.voicegateway.support.IntegrationTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Where a key may call, at intake (issue 27): a destination or fallback outside the client's countries, a premium
 * number without the client's permission and a source that is none of the gateway's caller ids are 400s naming the
 * field and the country; a message to a country whose calls of the day the client has used up is a 429 until the
 * next UTC midnight. The suite's settings: the gateway may call SG, MY, ID, US, GB, GG and JP; {@code guarded} only
 * SG and MY, premium numbers included, 2 calls a day to each; Indonesia has a caller id of its own.
 */
class CallGuardIntakeTest extends IntegrationTest {

    private static final String GUARDED_KEY = "guarded-key";
    private static final String INDONESIA = "+6281234567890";
    private static final String MALAYSIA = "+60123456789";
    private static final String SINGAPORE_PREMIUM = "+6519001234567";

    @Autowired
    DailyCallBudget budget;

    @Test
    void aDestinationOrFallbackOutsideTheClientsCountriesIsRefusedNamingTheCountry() {
        Answer refused = post("/voice-messages", GUARDED_KEY, """
                {"destination": "%s", "fallbackDestinations": ["+6591234567", "+12125550123"], "text": "Hello"}
                """.formatted(INDONESIA));

        assertThat(errors(refused)).containsExactly(
                "destination calls to Indonesia (+62) are not allowed for this client; allowed: SG, MY",
                "fallbackDestinations[1] calls to United States (+1) are not allowed for this client; allowed: SG, MY");
        assertThat(refused.json().get("detail").asString()).isNotBlank();
        assertThat(stored()).isZero();

        assertThat(post("/voice-messages", GUARDED_KEY, """
                {"destination": "%s", "fallbackDestinations": ["+6591234567"], "text": "Hello"}
                """.formatted(MALAYSIA)).status()).isEqualTo(202);
    }

    @Test
    void anInternationalNetworkIsRefusedForEveryClient() {
        assertThat(errors(post("/voice-messages", ALPHA_KEY, "{\"destination\":\"+882123456789\",\"text\":\"Hi\"}")))
                .containsExactly("destination calls to an international network (+882) are not allowed: it is no"
                        + " country, and only countries can be allowed; allowed: SG, MY, ID, US, GB, GG, JP");
    }

    @Test
    void aPremiumNumberIsRefusedUnlessTheClientAllowsThemExplicitly() {
        assertThat(errors(post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234567", "fallbackDestinations": ["%s"], "text": "Hello"}
                """.formatted(SINGAPORE_PREMIUM)))).containsExactly("fallbackDestinations[0] is a premium-rate number"
                        + " of Singapore (+65), which this client may not call"
                        + " (gateway.clients.alpha.allow-premium-numbers)");

        Answer allowed = post("/voice-messages", GUARDED_KEY, "{\"destination\":\"" + SINGAPORE_PREMIUM
                + "\",\"text\":\"Hello\"}");
        assertThat(allowed.status()).as(allowed.raw().body()).isEqualTo(202);
    }

    @Test
    void aMessagesOwnSourceMustBeOneOfTheGatewaysCallerIds() {
        assertThat(errors(post("/voice-messages", ALPHA_KEY,
                "{\"destination\":\"+6591234567\",\"source\":\"+6568889999\",\"text\":\"Hello\"}")))
                .containsExactly("source is not one of this gateway's caller ids (gateway.eightbyeight.default-source"
                        + " and gateway.eightbyeight.sources): 8x8 places calls only from numbers registered on the"
                        + " account");

        Answer named = post("/voice-messages", ALPHA_KEY,
                "{\"destination\":\"" + INDONESIA + "\",\"source\":\"+6568880001\",\"text\":\"Hello\"}");
        assertThat(named.status()).as(named.raw().body()).isEqualTo(202);
        assertThat(named.json().get("source").asString()).as("a registered source the message names wins")
                .isEqualTo("+6568880001");
    }

    @Test
    void withoutASourceAMessageGoesOutFromItsDestinationCountrysCallerId() {
        JsonNode indonesian = accepted(ALPHA_KEY, "{\"destination\":\"" + INDONESIA + "\",\"text\":\"Halo\"}");
        assertThat(indonesian.get("source").asString()).isEqualTo("+622150000000");
        JsonNode malaysian = accepted(ALPHA_KEY, "{\"destination\":\"" + MALAYSIA + "\",\"text\":\"Hello\"}");
        assertThat(malaysian.get("source").asString()).as("no caller id of its own: the default")
                .isEqualTo("+6568880000");
        assertThat(jdbc.queryForList("SELECT source_given FROM voice_message ORDER BY created_at", Boolean.class))
                .containsExactly(false, false);
    }

    @Test
    void whenTodaysCallsToTheCountryAreUsedUpAMessageDueTodayIs429UntilMidnightAndNothingIsStored() {
        clock.set(Instant.parse("2026-12-01T20:00:00Z"));
        String body = "{\"destination\":\"" + MALAYSIA + "\",\"text\":\"Hello\"}";
        assertThat(post("/voice-messages", GUARDED_KEY, body, "first").status()).isEqualTo(202);
        // Dispatch counts the calls (CallGuardDispatchTest); here the day's two are taken as dispatch would.
        assertThat(budget.take("guarded", "MY")).isNotNull();
        assertThat(budget.take("guarded", "MY")).isNotNull();

        Answer refused = post("/voice-messages", GUARDED_KEY, body, "second");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).as("until 00:00 UTC").isEqualTo("14400");
        assertThat(refused.json().get("retryAfterSeconds").asInt()).isEqualTo(14400);
        assertThat(refused.json().get("title").asString()).isEqualTo("Daily call limit reached");
        assertThat(refused.json().get("detail").asString()).isEqualTo("Client 'guarded' has used today's 2 calls to"
                + " Malaysia (+60) (gateway.clients.guarded.max-calls-per-day); the limit refills at 00:00 UTC, in"
                + " 14400 s. Nothing was stored.");
        assertThat(stored()).isEqualTo(1);

        assertThat(post("/voice-messages", GUARDED_KEY, body, "first").status()).as("a replay is answered")
                .isEqualTo(202);
        assertThat(post("/voice-messages", GUARDED_KEY, "{\"destination\":\"+6591234567\",\"text\":\"Hello\"}")
                .status()).as("another country has its own day").isEqualTo(202);
        assertThat(post("/voice-messages", GUARDED_KEY, "{\"destination\":\"" + MALAYSIA + "\",\"text\":\"Hello\","
                + "\"sendAt\":\"2026-12-02T08:00:00Z\",\"validUntil\":\"2026-12-02T09:00:00Z\"}").status())
                .as("due after midnight").isEqualTo(202);
        assertThat(post("/voice-messages", ALPHA_KEY, body).status()).as("a client without a limit").isEqualTo(202);
    }

    private JsonNode accepted(String key, String body) {
        Answer answer = post("/voice-messages", key, body);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        return answer.json();
    }

    private long stored() {
        return jdbc.queryForObject("SELECT count(*) FROM message_state", Long.class);
    }

    private static List<String> errors(Answer answer) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        return answer.json().get("errors").valueStream()
                .map(e -> e.get("field").asString() + " " + e.get("message").asString()).toList();
    }
}
