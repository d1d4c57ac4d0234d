package com.example.voicegateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.LifetimeProperties;
import com.example.voicegateway.support.IntegrationTest;
import com.example.voicegateway.support.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A do-not-call entry after the personal-data period: its number is masked and a client's reason replaced, but the
 * key (the number's HMAC) stays, so the suppression outlives the erasure: a message to the number is still
 * SUPPRESSED, and the entry is found and removed by the number. An entry past its expiry is deleted.
 */
class SuppressionRetentionTest extends IntegrationTest {

    private static final String NUMBER = "+6591230001";

    @Autowired
    RetentionStore store;

    @Autowired
    LifetimeProperties lifetime;

    private MovableClock sweepClock;
    private RetentionSweeper sweeper;

    @BeforeEach
    void sweeperOnItsOwnClock() {
        sweepClock = new MovableClock(clock.instant());
        sweeper = new RetentionSweeper(store, lifetime.retention(), RetentionProperties.BATCH_SIZE, sweepClock,
                new SimpleMeterRegistry());
    }

    @Test
    void theNumberIsErasedAfterThePersonalDataPeriodAndTheEntryStillHolds() {
        Answer added = post("/suppressions", ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"reason\":\"Mr Tan"
                + " asked by email (tan@example.com)\"}");
        assertThat(added.status()).isEqualTo(201);
        String key = jdbc.queryForObject("SELECT destination_key FROM suppression", String.class);

        sweepClock.advance(Duration.ofDays(29));
        assertThat(sweeper.sweep().erasedSuppressions()).as("a day early").isZero();
        sweepClock.advance(Duration.ofDays(2));
        assertThat(sweeper.sweep().erasedSuppressions()).isOne();

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM suppression");
        assertThat(row.get("destination")).isEqualTo("+65****0001");
        assertThat((String) row.get("reason")).doesNotContain("Tan").doesNotContain("example.com");
        assertThat(row.get("destination_key")).as("the key stays").isEqualTo(key);
        assertThat(row.get("personal_data_erased_at")).isNotNull();
        assertThat(sweeper.sweep().erasedSuppressions()).as("erased once").isZero();

        // Still in force: intake finds it by the key alone.
        Answer message = post("/voice-messages", ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\"}");
        assertThat(message.json().get("status").asString()).isEqualTo("SUPPRESSED");
        assertThat(message.json().get("suppressedBy").asString()).isEqualTo("CLIENT");
        // Found by the number, shown masked.
        JsonNode found = get("/suppressions?destination=%2B6591230001", ALPHA_KEY).json();
        assertThat(found.at("/items/0/destination").asString()).isEqualTo("+65****0001");
        assertThat(found.at("/items/0/personalDataErasedAt").isString()).isTrue();
        assertThat(get("/suppressions?destination=%2B6591230001", ALPHA_KEY).raw().body()).doesNotContain(NUMBER);
        // Given again, the entry holds the number again, from a new start.
        Answer renewed = post("/suppressions", ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"reason\":\"Again\"}");
        assertThat(renewed.status()).isEqualTo(200);
        assertThat(renewed.json().get("destination").asString()).isEqualTo(NUMBER);
        assertThat(renewed.json().has("personalDataErasedAt")).isFalse();
    }

    @Test
    void anErasedEntryIsTakenOffByItsNumber() {
        post("/suppressions", OPS_KEY, "{\"destination\":\"" + NUMBER + "\",\"reason\":\"Regulator\"}");
        sweepClock.advance(Duration.ofDays(31));
        assertThat(sweeper.sweep().erasedSuppressions()).isOne();

        assertThat(send(request("/suppressions/" + NUMBER, OPS_KEY).DELETE().build()).status()).isEqualTo(204);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM suppression", Long.class)).isZero();
        assertThat(post("/voice-messages", ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"text\":\"Hi\"}").json()
                .get("status").asString()).isEqualTo("QUEUED");
    }

    @Test
    void anEntryPastItsExpiryIsDeleted() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        post("/suppressions", ALPHA_KEY, "{\"destination\":\"" + NUMBER + "\",\"reason\":\"A week\",\"expiresAt\":\""
                + now.plus(Duration.ofDays(7)) + "\"}");
        post("/suppressions", ALPHA_KEY, "{\"destination\":\"+6591230002\",\"reason\":\"For good\"}");

        sweepClock.set(now.plus(Duration.ofDays(7)).minusSeconds(1));
        assertThat(sweeper.sweep().deletedSuppressions()).isZero();
        sweepClock.set(now.plus(Duration.ofDays(7)));
        assertThat(sweeper.sweep().deletedSuppressions()).isOne();

        assertThat(jdbc.queryForList("SELECT destination FROM suppression", String.class))
                .containsExactly("+6591230002");
    }
}
