package com.example.voicegateway.message.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.voicegateway.config.SandboxProfile;
import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.IllegalTransitionException;
import com.example.voicegateway.message.LedgerEvent;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.support.LedgerRows;
import com.example.voicegateway.support.PostgresTestConfiguration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jpa.test.autoconfigure.TestEntityManager;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * The message store on real PostgreSQL, migrated by Flyway: the {@code message_state} view read through
 * {@link VoiceMessageRepository} (the store of the list and of every GET), the client's cancel ({@link VoiceCalls}),
 * and the schema's own guarantees. Rows are written the way the ledger's commands leave them ({@link LedgerRows}).
 *
 * <p>A storage slice ({@code @DataJpaTest}): JPA, JDBC, Flyway and a pool of two connections, none of the gateway's
 * web, security, dispatch or other features; {@link VoiceCalls} and {@link LedgerEvents} are imported as the store
 * under test. The database is the run's own ({@link PostgresTestConfiguration}, {@code replace = NONE}: never an
 * embedded one), and Hibernate's {@code ddl-auto=validate} checks the entity against the migrated view at the start.
 * Each test runs in a transaction rolled back at its end, so it leaves no row behind for the tests sharing the schema.
 */
@Order(1)
@DataJpaTest(properties = "spring.datasource.hikari.maximum-pool-size=2")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({PostgresTestConfiguration.class, VoiceCalls.class, LedgerEvents.class})
@ActiveProfiles(SandboxProfile.NAME)
@RecordApplicationEvents
class MessageStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Autowired
    VoiceMessageRepository repository;

    @Autowired
    VoiceCalls calls;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TestEntityManager entities;

    @Autowired
    ApplicationEvents events;

    private LedgerRows ledger() {
        return new LedgerRows(jdbc);
    }

    /** Reads through the view again, not from Hibernate's session. */
    private VoiceMessage read(UUID id) {
        entities.clear();
        return repository.findById(id).orElseThrow();
    }

    @Test
    void aMessageIsReadWithItsCurrentCallsStatusUntilItHasAnOutcome() {
        UUID id = ledger().message().set("client_reference", "order-1").insert();

        VoiceMessage queued = read(id);
        assertThat(queued.getStatus()).isEqualTo(MessageStatus.QUEUED);
        assertThat(queued.getClientName()).isEqualTo("alpha");
        assertThat(queued.getClientReference()).isEqualTo("order-1");
        assertThat(queued.getCurrentCall()).isEqualTo(1);

        ledger().update(id, "status", "SENDING");
        assertThat(read(id).getStatus()).isEqualTo(MessageStatus.SENDING);
        ledger().update(id, "status", "NO_ANSWER");
        assertThat(read(id).getStatus()).isEqualTo(MessageStatus.NO_ANSWER);
    }

    @Test
    void anIdempotencyKeyIsFoundOnlyForTheClientThatUsedIt() {
        ledger().message().set("idempotency_key", "key-1").set("request_fingerprint", "f").insert();

        assertThat(repository.existsByClientNameAndIdempotencyKey("alpha", "key-1")).isTrue();
        assertThat(repository.existsByClientNameAndIdempotencyKey("beta", "key-1")).isFalse();
        assertThat(repository.existsByClientNameAndIdempotencyKey("alpha", "key-2")).isFalse();
    }

    @Test
    void aCancelEndsTheQueuedCallAndTheMessageAndSaysSo() {
        UUID id = ledger().message().insert();

        MessageStatus before = calls.cancel(id, NOW);

        assertThat(before).isEqualTo(MessageStatus.QUEUED);
        assertThat(read(id).getStatus()).isEqualTo(MessageStatus.CANCELED);
        CallView call = calls.findByMessage(id).get(0);
        assertThat(call.status()).isEqualTo(CallStatus.CANCELED);
        assertThat(call.endedAt()).isEqualTo(NOW);
        assertThat(events.stream(LedgerEvent.class)).containsExactly(
                new LedgerEvent.CallEnded(id, 1, CallKind.FIRST, CallStatus.CANCELED),
                new LedgerEvent.MessageFinished(id, MessageStatus.CANCELED));
    }

    @Test
    void aCancelOfAMessageBeingSentIsRefusedAndMovesNothing() {
        UUID id = ledger().message().status("SENDING").insert();
        long moves = ledger().moves(id);

        assertThatThrownBy(() -> calls.cancel(id, NOW)).isInstanceOfSatisfying(IllegalTransitionException.class,
                refused -> assertThat(refused.current()).isEqualTo(MessageStatus.SENDING));

        assertThat(ledger().moves(id)).isEqualTo(moves);
        assertThat(read(id).getStatus()).isEqualTo(MessageStatus.SENDING);
        assertThat(events.stream(LedgerEvent.class)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE voice_message SET outcome = 'DELIVERED' WHERE id = ?",
            "UPDATE voice_call SET status = 'DELIVERED' WHERE message_id = ?",
            "UPDATE voice_message SET audio_url = 'https://e.com/a.mp3' WHERE id = ?"})
    void theSchemaRefusesAnUnknownStatusAndAMessageWithBothTextAndAudio(String update) {
        UUID id = ledger().message().insert();

        // One refused statement per test: PostgreSQL accepts nothing more in a transaction after it.
        assertThatThrownBy(() -> jdbc.update(update, id)).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void migrationsOwnTheSchema() {
        assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).startsWith("vg_test_");
        assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM flyway_schema_history WHERE success AND version = '1'", Long.class)).isEqualTo(1);
    }
}
