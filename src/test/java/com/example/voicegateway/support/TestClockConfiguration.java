package com.example.voicegateway.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock in every integration test: one {@link MovableClock}, following the system's time until a
 * test sets or moves it, and back to the system's time before each test ({@link IntegrationTest}). One bean for all,
 * so a test that needs a fixed or moved time does not need a Spring context of its own.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    @Primary
    MovableClock testClock() {
        return new MovableClock();
    }
}
