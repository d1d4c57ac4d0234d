package com.example.voicegateway.message.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.support.IntegrationTest;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
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

    @Autowired
    IntakeProperties properties;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    VoiceMessageRequestValidator validator;

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
        assertThat(jdbc.queryForList("SELECT client_reference FROM message_state", String.class))
                .containsExactly("after");
    }

    @Test
    void whenNoConnectionComesTheRequestsQueuedMeanwhileHearItAtOnceNotAfterAConnectionTimeoutOfTheirOwn()
            throws Exception {
        long connectionTimeoutMs = 2_000;
        HikariConfig config = new HikariConfig();
        // Nothing listens on port 1: every attempt is refused, as while PostgreSQL restarts.
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
        config.setConnectionTimeout(connectionTimeoutMs);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource unreachable = new HikariDataSource(config)) {
            IntakeWriter writer = new IntakeWriter(unreachable, events, properties);
            writer.start();
            try {
                CompletableFuture<Long> first = failedAt(writer.write(newMessage("first")));
                // The only writer now waits for a connection; these queue behind it.
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> unreachable.getHikariPoolMXBean().getThreadsAwaitingConnection() == 1);
                List<CompletableFuture<Long>> queued = IntStream.range(0, 3)
                        .mapToObj(i -> failedAt(writer.write(newMessage("queued-" + i)))).toList();

                long firstFailedAt = first.get(10, TimeUnit.SECONDS);
                for (CompletableFuture<Long> later : queued) {
                    // Without the fix each would fail a whole connection timeout later, in the next batch.
                    assertThat(later.get(10, TimeUnit.SECONDS) - firstFailedAt)
                            .isLessThan(TimeUnit.MILLISECONDS.toNanos(connectionTimeoutMs / 2));
                }
            } finally {
                writer.stop();
            }
        }
    }

    private NewMessage newMessage(String reference) {
        VoiceMessageRequest request = JSON.readValue(message(reference), VoiceMessageRequest.class);
        return validator.validate(request, "alpha", null, Instant.now());
    }

    /** When the write failed for want of a connection, in nanoTime; any other outcome fails the test. */
    private static CompletableFuture<Long> failedAt(IntakeWriter.Pending pending) {
        return pending.result().handle((outcome, failure) -> {
            assertThat(failure).isInstanceOf(CannotGetJdbcConnectionException.class);
            return System.nanoTime();
        });
    }
}
