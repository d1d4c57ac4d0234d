package com.example.voicegateway.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * One reconciliation at a time across every instance on the database: a PostgreSQL session advisory lock, held on a
 * connection of its own for the run. A crashed holder's connection closes and the lock goes with it, so nothing has
 * to expire. The key includes the schema, so gateways sharing a server in different schemas do not wait on each
 * other.
 */
class ReconcileLock {

    private static final Logger log = LoggerFactory.getLogger(ReconcileLock.class);
    private static final String KEY = "hashtext(current_schema() || ':voice-gateway:reconcile')";

    private final DataSource dataSource;

    ReconcileLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} holding the lock; false, without running it, when another instance holds it. */
    boolean tryRun(Runnable work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (!call(connection, "SELECT pg_try_advisory_lock(" + KEY + ")")) {
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                try {
                    call(connection, "SELECT pg_advisory_unlock(" + KEY + ")");
                } catch (SQLException e) {
                    // The connection is returned to the pool either way; closing the session releases the lock.
                    log.warn("Releasing the reconcile lock failed ({}); evicting its connection",
                            e.getClass().getSimpleName());
                    connection.abort(Runnable::run);
                }
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("reconcile lock: " + e.getClass().getSimpleName(), e);
        }
    }

    private static boolean call(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
