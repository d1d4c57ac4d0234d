package com.example.voicegateway.message.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.message.IntakeQuota;
import com.example.voicegateway.support.IntegrationTest;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A slow database must not turn a 503 into a lie: a request that answered "not stored" is never stored later, and
 * one whose row was already being written waits for that write instead of guessing. Each test builds an intake writer
 * of its own, with one writer thread and short timeouts, on the context's database (the application's own writer keeps
 * its settings, so these tests share the default context); the first wraps it in the application's service, whose
 * store timeout gives up on a request. How these failures are answered over HTTP (503, problem+json, Retry-After) is
 * web.UnavailableAnswersTest's.
 */
class IntakeTimeoutTest extends IntegrationTest {

    /**
     * One writer, so a test can hold it; a short store timeout, and a statement timeout a lock outlasts (1 s, the
     * least a JDBC query timeout can be), still far longer than the store timeout.
     */
    private static final IntakeProperties ONE_WRITER = new IntakeProperties(1, Duration.ofMillis(250),
            Duration.ofSeconds(1));
    private static final Caller ALPHA = new Caller("alpha", true, false);

    @Autowired
    DataSource dataSource;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    VoiceMessageRequestValidator validator;

    @Autowired
    VoiceMessageRepository repository;

    @Autowired
    VoiceCalls calls;

    @Autowired
    MessageViews views;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MeterRegistry meters;

    @Autowired
    IntakeQuota quotas;

    @Autowired
    com.example.voicegateway.ratelimit.DailyCallBudget callBudget;

    private static String message(String reference) {
        return "{\"destination\":\"+6591234567\",\"text\":\"Hi\",\"clientReference\":\"" + reference + "\"}";
    }

    private static VoiceMessageRequest request(String reference) {
        return JSON.readValue(message(reference), VoiceMessageRequest.class);
    }

    @Test
    void aRequestThatTimedOutWaitingIsNeverStoredLater() throws Exception {
        IntakeWriter writer = new IntakeWriter(dataSource, events, ONE_WRITER);
        VoiceMessageService service = new VoiceMessageService(validator, writer, repository, calls, views,
                transactions, meters, clock, ONE_WRITER, quotas, events, callBudget);
        writer.start();
        try {
            Throwable waiting;
            Throwable writing;
            try (Connection blocker = dataSource.getConnection()) {
                blocker.setAutoCommit(false);
                blocker.createStatement().execute("LOCK TABLE voice_message IN ACCESS EXCLUSIVE MODE");

                // The only writer takes this one and blocks on the lock ...
                CompletableFuture<VoiceMessageService.Accepted> first = CompletableFuture.supplyAsync(
                        () -> service.accept(request("being-written"), ALPHA, null));
                await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                + " AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO voice_message%'",
                        Long.class) == 1);
                // ... so this one waits in the queue until its store timeout, and gives up.
                waiting = catchThrowable(() -> service.accept(request("gave-up"), ALPHA, null));
                writing = catchThrowable(first::join);
                blocker.rollback();
            }

            assertThat(waiting).isInstanceOf(IntakeUnavailableException.class);
            IntakeUnavailableException notStored = (IntakeUnavailableException) waiting;
            assertThat(notStored.getStatusCode().value()).isEqualTo(503);
            assertThat(notStored.getBody().getDetail()).isEqualTo(
                    "The message was not stored: the database did not take the message in time. Retry later.");
            assertThat(notStored.getHeaders().getFirst("Retry-After")).isNotNull();
            // The written one outlived its own store timeout: it waited for the statement, which the lock timed out
            // (a database failure, answered 503 as well).
            assertThat(writing).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(QueryTimeoutException.class);

            // With the lock gone the writer is free again; the abandoned request must not reappear.
            assertThat(service.accept(request("after"), ALPHA, null).replayed()).isFalse();
            assertThat(jdbc.queryForList("SELECT client_reference FROM message_state", String.class))
                    .containsExactly("after");
        } finally {
            writer.stop();
        }
    }

    @Test
    void whenNoConnectionComesTheRequestsQueuedMeanwhileHearItAtOnceNotAfterAConnectionTimeoutOfTheirOwn()
            throws Exception {
        long connectionTimeoutMs = 1_000;
        HikariConfig config = new HikariConfig();
        // Nothing listens on port 1: every attempt is refused, as while PostgreSQL restarts.
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
        config.setConnectionTimeout(connectionTimeoutMs);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource unreachable = new HikariDataSource(config)) {
            IntakeWriter writer = new IntakeWriter(unreachable, events, ONE_WRITER);
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
        return validator.validate(request(reference), "alpha", null, Instant.now());
    }

    /** When the write failed for want of a connection, in nanoTime; any other outcome fails the test. */
    private static CompletableFuture<Long> failedAt(IntakeWriter.Pending pending) {
        return pending.result().handle((outcome, failure) -> {
            assertThat(failure).isInstanceOf(CannotGetJdbcConnectionException.class);
            return System.nanoTime();
        });
    }
}
