package com.example.voicegateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.SandboxProfile;
import com.example.voicegateway.message.CancelAttempted;
import com.example.voicegateway.support.MovableClock;
import com.example.voicegateway.support.PostgresTestConfiguration;
import com.example.voicegateway.support.TestClockConfiguration;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code audit} module on its own: how it follows the ops cancels that {@code message} announces
 * ({@link CancelAttempted}) and what a record holds. {@code message} is not started: the test publishes the event as
 * the cancel does, inside a transaction, which is all {@code audit} knows of it. The whole path over HTTP (a cancel by
 * an ops key, then {@code GET /admin/audit}) stays in {@link AuditTrailTest}.
 *
 * <p>A module test ({@code @ApplicationModuleTest}, bootstrap mode {@code STANDALONE}): Spring Modulith scans only the
 * beans of {@code audit}, with Boot's auto-configuration (JDBC, Flyway on the run's PostgreSQL, a pool of two; not JPA), and
 * verifies the module's dependencies as it starts. No web environment: the module's HTTP side, {@code GET
 * /admin/audit} behind the ops key, is {@link AuditTrailTest}'s, and without one Boot starts no Spring MVC, security
 * or actuator endpoints for a test that would not use them. No other module's bean is needed: the one
 * thing {@code audit} takes from outside is the {@code Clock} of {@code config}, here the test clock every context
 * shares ({@link TestClockConfiguration}) rather than a mock, so a record's time is one the test set. The
 * {@code sandbox} profile only spares the start the live 8x8 settings, as in {@code support.IntegrationTest}. Tests
 * that write run in a transaction rolled back at their end, so no row is left for the tests sharing the schema.
 */
@Order(1)
@ApplicationModuleTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import({PostgresTestConfiguration.class, TestClockConfiguration.class})
@ActiveProfiles(SandboxProfile.NAME)
@TestPropertySource(properties = {"spring.datasource.hikari.maximum-pool-size=2",
        // audit reads and writes with JDBC: no JPA to start for an empty persistence unit.
        "spring.autoconfigure.exclude=org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
                + "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration"})
class AuditModuleTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123456Z");

    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MovableClock clock;

    AuditModuleTest(ApplicationEventPublisher events, AuditLog audit, JdbcTemplate jdbc,
            TransactionTemplate transactions, MovableClock clock) {
        this.events = events;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    @BeforeEach
    void standStill() {
        clock.set(NOW);
    }

    private List<Map<String, Object>> trail(UUID messageId) {
        return jdbc.queryForList("""
                SELECT occurred_at, actor, action, outcome, detail FROM audit_event WHERE message_id = ? ORDER BY id
                """, messageId);
    }

    @Test
    @Transactional
    void anOpsCancelIsRecordedDoneOrRefusedAndAClientsOwnCancelIsNot() {
        UUID id = UUID.randomUUID();

        events.publishEvent(new CancelAttempted(id, "alpha", false, true, "canceled a QUEUED message of client alpha"));
        events.publishEvent(new CancelAttempted(id, "ops", true, true, "canceled a QUEUED message of client alpha"));
        events.publishEvent(new CancelAttempted(id, "ops", true, false, "not canceled: the message is CANCELED"));

        assertThat(trail(id)).containsExactly(
                Map.of("occurred_at", Timestamp.from(NOW), "actor", "ops", "action", "message.cancel",
                        "outcome", "SUCCEEDED", "detail", "canceled a QUEUED message of client alpha"),
                Map.of("occurred_at", Timestamp.from(NOW), "actor", "ops", "action", "message.cancel",
                        "outcome", "REFUSED", "detail", "not canceled: the message is CANCELED"));
    }

    @Test
    void theRecordOfACancelGoesWithTheCancelsTransaction() {
        UUID id = UUID.randomUUID();

        transactions.executeWithoutResult(cancel -> {
            events.publishEvent(new CancelAttempted(id, "ops", true, true, "canceled a QUEUED message of client alpha"));
            assertThat(trail(id)).as("written inside the cancel's transaction").hasSize(1);
            cancel.setRollbackOnly();
        });

        assertThat(trail(id)).as("a cancel that rolled back was never done, so it has no record").isEmpty();
    }

    @Test
    @Transactional
    void aDetailIsOneLineOfAtMost500Characters() {
        UUID id = UUID.randomUUID();
        String detail = "8x8 said:\r\n\tno\u2028such call " + "x".repeat(600);

        audit.record("ops", "test.note", id, AuditOutcome.FAILED, detail);

        String stored = (String) trail(id).get(0).get("detail");
        assertThat(stored).hasSize(AuditLog.MAX_DETAIL_LENGTH + 1).startsWith("8x8 said: no such call xxx").endsWith("x…");
    }
}
