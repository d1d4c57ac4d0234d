package com.example.voicegateway.support;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock for the sign-in throttle's tests, which wait out a lockout by moving it. Both the API's and
 * the console's throttle tests import it, so they share one application context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SignInTestClock {

    public static final MovableClock CLOCK = new MovableClock(now());

    /** The real time, to the second: nothing here depends on a date, and whole seconds keep Retry-After exact. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @Bean
    @Primary
    Clock movableClock() {
        return CLOCK;
    }
}
