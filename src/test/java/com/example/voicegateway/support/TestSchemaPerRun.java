package com.example.voicegateway.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives each test run its own schema in the shared local database, and drops it at the end, so runs in parallel
 * (or a failed earlier run) never see each other's rows or migrations; a run on a container stops the container.
 */
public class TestSchemaPerRun implements LauncherSessionListener {

    private String schema;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty("DATABASE_SCHEMA") == null) {
            schema = "vg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            System.setProperty("DATABASE_SCHEMA", schema);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        // Without Ryuk (it cannot be pulled everywhere) nobody else removes the run's container.
        if (TestDatabase.stopContainer() || schema == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(TestDatabase.localUrl(),
                TestDatabase.setting("TEST_DATABASE_USERNAME", "postgres"),
                TestDatabase.setting("TEST_DATABASE_PASSWORD", ""));
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // No local server to reach: a left-over schema there is harmless and uniquely named.
        }
    }
}
