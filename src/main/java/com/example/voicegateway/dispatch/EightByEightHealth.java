package com.example.voicegateway.dispatch;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code eightByEight}: the breaker's state, the last error 8x8 gave us, and DOWN
 * while 8x8 refuses our API key or subaccount (nothing can be sent until someone fixes the configuration).
 */
@Component("eightByEight")
class EightByEightHealth implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(EightByEightHealth.class);

    private record LastError(Instant at, String error) {
    }

    private final CircuitBreaker breaker;
    private final Clock clock;
    private final AtomicReference<String> authProblem = new AtomicReference<>();
    private final AtomicReference<LastError> lastError = new AtomicReference<>();

    EightByEightHealth(EightByEightResilience resilience, Clock clock) {
        this.breaker = resilience.circuitBreaker();
        this.clock = clock;
    }

    /** 8x8 refused our credentials: logged once per change of reason, not once per message. */
    void authFailed(String reason) {
        String previous = authProblem.getAndSet(reason);
        if (!reason.equals(previous)) {
            log.error("8x8 refuses our credentials or subaccount, dispatch paused with backoff: {}", reason);
        }
        error(reason);
    }

    /** 8x8 answered something other than an auth problem: our key and subaccount work. */
    void authWorks() {
        if (authProblem.getAndSet(null) != null) {
            log.info("8x8 accepts our credentials again; dispatch resumes");
        }
    }

    void error(String error) {
        lastError.set(new LastError(clock.instant(), error));
    }

    @Override
    public Health health() {
        String problem = authProblem.get();
        Health.Builder health = problem != null ? Health.down().withDetail("reason", problem) : Health.up();
        health.withDetail("circuitBreaker", breaker.getState().name());
        LastError last = lastError.get();
        if (last != null) {
            health.withDetail("lastError", last.error()).withDetail("lastErrorAt", last.at().toString());
        }
        return health.build();
    }
}
