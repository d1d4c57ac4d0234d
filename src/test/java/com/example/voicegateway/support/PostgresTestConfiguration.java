package com.example.voicegateway.support;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Real PostgreSQL for every test: the run's one container where Docker runs, otherwise the local server named by
 * {@code TEST_DATABASE_URL} (default {@code localhost:5432/test}); see {@link TestDatabase}.
 *
 * <p>Connection details rather than a {@code @ServiceConnection} container bean: Boot stops a container bean when
 * its context closes, and the context cache closes contexts mid-run, which would take the database from under every
 * other context sharing it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestConfiguration {

    @Bean
    @Conditional(TestDatabase.InContainer.class)
    JdbcConnectionDetails postgresContainer() {
        PostgreSQLContainer postgres = TestDatabase.container();
        return new JdbcConnectionDetails() {

            @Override
            public String getUsername() {
                return postgres.getUsername();
            }

            @Override
            public String getPassword() {
                return postgres.getPassword();
            }

            @Override
            public String getJdbcUrl() {
                return postgres.getJdbcUrl();
            }

            @Override
            public String getDriverClassName() {
                return postgres.getDriverClassName();
            }
        };
    }
}
