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
 * (or a failed earlier run) never see each other's rows or migrations.
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
        if (schema == null) {
            return;
        }
        String url = env("TEST_DATABASE_URL", "jdbc:postgresql://localhost:5432/test");
        try (Connection connection = DriverManager.getConnection(url, env("TEST_DATABASE_USERNAME", "postgres"),
                env("TEST_DATABASE_PASSWORD", ""));
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // A container run has no local server to clean; a left-over schema is harmless and uniquely named.
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
