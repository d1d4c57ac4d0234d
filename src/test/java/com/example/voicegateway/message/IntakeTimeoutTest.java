package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.support.IntegrationTest;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A slow database must not turn a 503 into a lie: a request that answered "not stored" is never stored later, and
 * one whose row was already being written waits for that write instead of guessing.
 */
@TestPropertySource(properties = {"gateway.intake.writer-threads=1", "gateway.intake.store-timeout=500ms",
        "gateway.intake.statement-timeout=2s"})
class IntakeTimeoutTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    private static String message(String reference) {
        return "{\"destination\":\"+6591234567\",\"text\":\"Hi\",\"clientReference\":\"" + reference + "\"}";
    }

    @Test
    void aRequestThatTimedOutWaitingIsNeverStoredLater() throws Exception {
        Answer waiting;
        Answer writing;
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("LOCK TABLE voice_message IN ACCESS EXCLUSIVE MODE");

            // The only writer takes this one and blocks on the lock ...
            CompletableFuture<Answer> first = CompletableFuture.supplyAsync(() -> post("/voice-messages", ALPHA_KEY,
                    message("being-written")));
            await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                            + " AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO voice_message%'", Long.class) == 1);
            // ... so this one waits in the queue until its store timeout, and gives up.
            waiting = post("/voice-messages", ALPHA_KEY, message("gave-up"));
            writing = first.get();
            blocker.rollback();
        }

        assertThat(waiting.status()).isEqualTo(503);
        assertThat(waiting.contentType()).startsWith("application/problem+json");
        assertThat(waiting.json().get("detail").asString()).startsWith("The message was not stored");
        assertThat(waiting.header("Retry-After")).isNotNull();
        // The written one outlived its own store timeout: it waited for the statement, which the lock timed out.
        assertThat(writing.status()).isEqualTo(503);

        // With the lock gone the writer is free again; the abandoned request must not reappear.
        assertThat(post("/voice-messages", ALPHA_KEY, message("after")).status()).isEqualTo(202);
        assertThat(jdbc.queryForList("SELECT client_reference FROM voice_message", String.class))
                .containsExactly("after");
    }
}
