package com.example.voicegateway.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST/GET/DELETE /suppressions}: a client keeps its own list, an ops key the global one and reads any
 * client's; numbers as people write them; every change in the audit trail; bad input a 400 naming the field, an
 * absent entry a 404.
 */
class SuppressionApiTest extends IntegrationTest {

    private static final String NUMBER = "+6591230001";

    @Test
    void aClientPutsANumberOnItsOwnListAndTakesItOffAgain() {
        Answer added = post("/suppressions", ALPHA_KEY, "{\"destination\":\"+65 9123-0001\","
                + "\"reason\":\"Asked by email not to be called\"}");

        assertThat(added.status()).as(added.raw().body()).isEqualTo(201);
        assertThat(added.header("Location")).isEqualTo("/suppressions/" + NUMBER);
        JsonNode entry = added.json();
        assertThat(entry.get("destination").asString()).isEqualTo(NUMBER);
        assertThat(entry.get("list").asString()).isEqualTo("CLIENT");
        assertThat(entry.get("client").asString()).isEqualTo("alpha");
        assertThat(entry.get("origin").asString()).isEqualTo("API");
        assertThat(entry.get("createdBy").asString()).isEqualTo("alpha");
        assertThat(entry.has("expiresAt")).isFalse();

        JsonNode page = get("/suppressions", ALPHA_KEY).json();
        assertThat(page.get("totalElements").asLong()).isOne();
        assertThat(page.at("/items/0/destination").asString()).isEqualTo(NUMBER);
        assertThat(get("/suppressions", BETA_KEY).json().get("totalElements").asLong())
                .as("another client's list").isZero();

        Answer removed = send(request("/suppressions/%2B65%209123%200001", ALPHA_KEY).DELETE().build());
        assertThat(removed.status()).isEqualTo(204);
        assertThat(get("/suppressions", ALPHA_KEY).json().get("totalElements").asLong()).isZero();
        assertThat(send(request("/suppressions/" + NUMBER, ALPHA_KEY).DELETE().build()).status()).isEqualTo(404);
    }

    @Test
    void aNumberAddedTwiceIsOneEntryWithTheLatestReasonAndExpiry() {
        assertThat(post("/suppressions", ALPHA_KEY, body(NUMBER, "First")).status()).isEqualTo(201);
        Instant until = clock.instant().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Answer again = post("/suppressions", ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"reason\":\"Second\","
                + "\"expiresAt\":\"" + until + "\"}");

        assertThat(again.status()).as("already on the list").isEqualTo(200);
        JsonNode page = get("/suppressions", ALPHA_KEY).json();
        assertThat(page.get("totalElements").asLong()).isOne();
        assertThat(page.at("/items/0/reason").asString()).isEqualTo("Second");
        assertThat(page.at("/items/0/expiresAt").asString()).isEqualTo(until.toString());
    }

    @Test
    void opsKeepTheGlobalListAndReadAnyClientsButAClientReadsOnlyItsOwn() {
        post("/suppressions", ALPHA_KEY, body(NUMBER, "The client's"));
        Answer global = post("/suppressions", OPS_KEY, body("+6591230002", "Complained to the regulator"));
        assertThat(global.status()).isEqualTo(201);
        assertThat(global.json().get("list").asString()).isEqualTo("GLOBAL");
        assertThat(global.json().has("client")).isFalse();

        assertThat(destinations(get("/suppressions", OPS_KEY).json())).containsExactly("+6591230002");
        assertThat(destinations(get("/suppressions?client=alpha", OPS_KEY).json())).containsExactly(NUMBER);
        assertThat(destinations(get("/suppressions?client=alpha", ALPHA_KEY).json())).containsExactly(NUMBER);
        Answer other = get("/suppressions?client=alpha", BETA_KEY);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.contentType()).startsWith("application/problem+json");
        // An ops key removes from the global list only.
        assertThat(send(request("/suppressions/" + NUMBER, OPS_KEY).DELETE().build()).status()).isEqualTo(404);
        assertThat(send(request("/suppressions/+6591230002", OPS_KEY).DELETE().build()).status()).isEqualTo(204);
    }

    @Test
    void theListIsSearchedByANumberAsAPersonWritesIt() {
        post("/suppressions", ALPHA_KEY, body(NUMBER, "One"));
        post("/suppressions", ALPHA_KEY, body("+6591230002", "Two"));

        for (String written : List.of("%2B6591230001", "%2B65%209123%200001", "%2B65-9123-0001", "(%2B65)91230001")) {
            Answer found = get("/suppressions?destination=" + written, ALPHA_KEY);
            assertThat(found.status()).as(written).isEqualTo(200);
            assertThat(destinations(found.json())).as(written).containsExactly(NUMBER);
        }
        Answer plus = get("/suppressions?destination=+6591230001", ALPHA_KEY);
        assertThat(plus.status()).isEqualTo(400);
        assertThat(plus.json().get("errors").toString()).contains("send + URL-encoded, as %2B");
    }

    @Test
    void everyChangeIsInTheAuditTrailWithTheNumberMasked() {
        // The audit trail is kept across tests: only this test's rows.
        long before = jdbc.queryForObject("SELECT COALESCE(max(id), 0) FROM audit_event", Long.class);
        post("/suppressions", ALPHA_KEY, body(NUMBER, "One"));
        post("/suppressions", OPS_KEY, body("+6591230002", "Two"));
        send(request("/suppressions/" + NUMBER, ALPHA_KEY).DELETE().build());
        send(request("/suppressions/" + NUMBER, ALPHA_KEY).DELETE().build());

        List<String> rows = jdbc.queryForList("SELECT actor || ' ' || action || ' ' || outcome || ' ' || detail"
                + " FROM audit_event WHERE action LIKE 'suppression.%' AND id > ? ORDER BY id", String.class, before);
        assertThat(rows).containsExactly(
                "alpha suppression.add SUCCEEDED client alpha's list: +65****0001, no expiry",
                "ops suppression.add SUCCEEDED global list: +65****0002, no expiry",
                "alpha suppression.remove SUCCEEDED client alpha's list: +65****0001",
                "alpha suppression.remove REFUSED client alpha's list: +65****0001: not on the list");
    }

    @Test
    void badInputIsA400NamingEachFieldAndNothingIsStored() {
        Answer bad = post("/suppressions", ALPHA_KEY, "{\"destination\":\"91230001\",\"reason\":\" \","
                + "\"expiresAt\":\"2020-01-01T00:00:00Z\"}");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").toString())
                .contains("{\"field\":\"destination\",\"message\":\"must start with + and the country code")
                .contains("{\"field\":\"expiresAt\",\"message\":\"must be in the future")
                .contains("{\"field\":\"reason\",\"message\":\"is required: say why");
        Answer missing = post("/suppressions", ALPHA_KEY, "{\"reason\":\"x\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").toString()).contains("\"field\":\"destination\"")
                .contains("is required");
        Answer notANumber = post("/suppressions", ALPHA_KEY, body("+65 abc", "x"));
        assertThat(notANumber.json().get("errors").toString()).contains("must be a phone number");
        Answer impossible = post("/suppressions", ALPHA_KEY, body("+659", "x"));
        assertThat(impossible.status()).isEqualTo(400);
        Answer unknownField = post("/suppressions", ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"reason\":\"x\","
                + "\"list\":\"GLOBAL\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(send(request("/suppressions/not-a-number", ALPHA_KEY).DELETE().build()).status()).isEqualTo(400);
        assertThat(get("/suppressions?destination=abc", ALPHA_KEY).status()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM suppression", Long.class)).isZero();
    }

    @Test
    void withoutAKeyNothingIsShown() {
        assertThat(get("/suppressions", null).status()).isEqualTo(401);
        assertThat(post("/suppressions", null, body(NUMBER, "x")).status()).isEqualTo(401);
    }

    private static String body(String number, String reason) {
        return "{\"destination\":\"" + number + "\",\"reason\":\"" + reason + "\"}";
    }

    private static List<String> destinations(JsonNode page) {
        return page.get("items").valueStream().map(item -> item.get("destination").asString()).toList();
    }
}
