package com.example.voicegateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Which failed outcome writes {@link OutcomeRecorder} tries again while the lease lasts: those that may pass. A
 * failure that would only repeat is thrown at once and the row left to the lease sweep.
 */
class OutcomeRetryTest {

    private static SQLException driver(String sqlState) {
        return new SQLException("Failing row contains (+6591234567)", sqlState);
    }

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "08003", "57P01", "57P03", "40001", "40P01", "53300"})
    void aLostConnectionAServerGoingDownOrALockConflictPasses(String sqlState) {
        assertThat(OutcomeRecorder.passes(new UncategorizedSQLException("outcome", null, driver(sqlState)))).isTrue();
        // As Hibernate and the JPA transaction manager wrap a failed commit, the driver's error deep inside.
        assertThat(OutcomeRecorder.passes(new JpaSystemException(new RuntimeException(driver(sqlState))))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"P0001", "23505", "23514", "22001", "42P01", "XX000"})
    void aFailureThatWouldOnlyRepeatDoesNot(String sqlState) {
        assertThat(OutcomeRecorder.passes(new UncategorizedSQLException("outcome", null, driver(sqlState)))).isFalse();
        assertThat(OutcomeRecorder.passes(new JpaSystemException(new RuntimeException(driver(sqlState))))).isFalse();
    }

    @Test
    void withoutTheDatabasesWordNoConnectionOrAFailedRollbackPasses() {
        assertThat(OutcomeRecorder.passes(new CannotGetJdbcConnectionException("no connection"))).isTrue();
        assertThat(OutcomeRecorder.passes(new CannotCreateTransactionException("no connection"))).isTrue();
        // What a write whose connection the pool closed throws: its rollback fails, hiding the first error.
        assertThat(OutcomeRecorder.passes(new JpaSystemException(new RuntimeException(
                "Unable to rollback against JDBC Connection", new SQLException("Connection is closed"))))).isTrue();
        assertThat(OutcomeRecorder.passes(new IllegalStateException("a bug"))).isFalse();
    }
}
