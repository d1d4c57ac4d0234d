package com.example.voicegateway.support;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL of a test run, chosen once and said in one log line ("Test database: ..."): a container where
 * a Docker engine answers, otherwise the local server of src/test/resources/application.properties.
 * {@code TEST_DATABASE} (environment or system property) forces the choice: {@code container} fails the run when no
 * engine answers (CI uses it to prove the container ran), {@code local} skips the Docker probe altogether.
 *
 * <p>The container is one per JVM, not one per Spring context: it is started on first use and stopped when the test
 * run ends ({@link TestSchemaPerRun}), never with a context, since the context cache closes contexts mid-run.
 */
public final class TestDatabase {

    /** The same tag as docker-compose.yml; TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX points it at a mirror. */
    static final String IMAGE = "postgres:15-alpine";

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

    private static Boolean inContainer;
    private static String reasonForLocal;
    private static PostgreSQLContainer container;

    private TestDatabase() {
    }

    /** True when this run's database is the container. */
    static synchronized boolean inContainer() {
        if (inContainer == null) {
            inContainer = choose();
            if (!inContainer) {
                log.info("Test database: the local PostgreSQL at {} (schema {}): {}", localUrl(),
                        System.getProperty("DATABASE_SCHEMA"), reasonForLocal);
            }
        }
        return inContainer;
    }

    /** The run's container, started on first use. */
    static synchronized PostgreSQLContainer container() {
        if (container == null) {
            // fsync off as Testcontainers does by default; max_connections is PostgreSQL's stock 100, the same as a
            // local server, so a run that fits here fits there.
            PostgreSQLContainer started = new PostgreSQLContainer(IMAGE)
                    .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=100");
            started.start();
            container = started;
            log.info("Test database: one PostgreSQL container for the whole run ({}) at {}",
                    started.getDockerImageName(), started.getJdbcUrl());
        }
        return container;
    }

    /** Where the run's database is: what a test outside a Spring context (a migration test) connects to. */
    public record Location(String url, String username, String password) {
    }

    /** The run's database, chosen as for every other test: the container (started on first use) or the local one. */
    public static Location location() {
        if (inContainer()) {
            PostgreSQLContainer postgres = container();
            return new Location(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
        }
        return new Location(localUrl(), setting("TEST_DATABASE_USERNAME", "postgres"),
                setting("TEST_DATABASE_PASSWORD", ""));
    }

    /** Stops the container when this run started one; answers whether it did. */
    static synchronized boolean stopContainer() {
        if (container == null) {
            return false;
        }
        container.stop();
        container = null;
        return true;
    }

    private static boolean choose() {
        String requested = requested();
        if (requested.equals("local")) {
            reasonForLocal = "TEST_DATABASE=local";
            return false;
        }
        DockerAvailable.Outcome docker = DockerAvailable.probe();
        if (docker == DockerAvailable.Outcome.ANSWERED) {
            return true;
        }
        if (requested.equals("container")) {
            throw new IllegalStateException("TEST_DATABASE=container, but " + docker.description
                    + "; is DOCKER_HOST set?");
        }
        reasonForLocal = docker.description;
        return false;
    }

    static String requested() {
        String value = setting("TEST_DATABASE", "auto").trim().toLowerCase(Locale.ROOT);
        if (!value.equals("auto") && !value.equals("container") && !value.equals("local")) {
            throw new IllegalStateException("TEST_DATABASE must be auto, container or local, not '" + value + "'");
        }
        return value;
    }

    static String localUrl() {
        return setting("TEST_DATABASE_URL", "jdbc:postgresql://localhost:5432/test");
    }

    static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Spring's side of the choice: the container's connection details are declared only when it is used. */
    static class InContainer implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return inContainer();
        }
    }
}
