package com.example.voicegateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.orm.jpa.JpaSystemException;

/** A database that goes away mid-request is a retryable 503 however Spring wraps it, never a 500 (drill 4). */
class ConnectionLostTest {

    @Test
    void aConnectionExceptionOrAShutdownAnywhereInTheCausesIsTheDatabaseGone() {
        // What a rollback on a connection PostgreSQL closed while stopping surfaces as.
        assertThat(GlobalProblemHandler.connectionLost(new JpaSystemException(new RuntimeException(
                "Unable to rollback against JDBC Connection", new SQLException("This connection has been closed.",
                        "08003"))))).isTrue();
        assertThat(GlobalProblemHandler.connectionLost(new SQLException("terminating connection due to administrator"
                + " command", "57P01"))).isTrue();
        assertThat(GlobalProblemHandler.connectionLost(new SQLException("the database system is starting up",
                "57P03"))).isTrue();
    }

    @Test
    void anyOtherFailureIsNot() {
        assertThat(GlobalProblemHandler.connectionLost(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(GlobalProblemHandler.connectionLost(new SQLException("no state"))).isFalse();
        assertThat(GlobalProblemHandler.connectionLost(new IllegalStateException("a bug"))).isFalse();
    }
}
