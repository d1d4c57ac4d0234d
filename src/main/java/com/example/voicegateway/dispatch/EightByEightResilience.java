package com.example.voicegateway.dispatch;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Resilience4j instance {@code eightByEight}, configured by {@code resilience4j.*} properties and used
 * programmatically: the dispatcher itself decides which answers count as failures (a REJECTED callflow proves 8x8 is
 * up), and asks the breaker before claiming so no message is held while it is open.
 */
@Component
class EightByEightResilience {

    static final String NAME = "eightByEight";

    private static final Logger log = LoggerFactory.getLogger(EightByEightResilience.class);

    private final CircuitBreaker circuitBreaker;
    private final RateLimiter rateLimiter;
    private final Retry retry;
    private final Clock clock;
    private volatile Instant halfOpenAt = Instant.EPOCH;

    EightByEightResilience(CircuitBreakerRegistry breakers, RateLimiterRegistry limiters, RetryRegistry retries,
            Clock clock) {
        this.clock = clock;
        this.circuitBreaker = breakers.circuitBreaker(NAME);
        this.rateLimiter = limiters.rateLimiter(NAME);
        // Only a provably-not-created answer may be retried in process; the properties cannot express that. Not a
        // 429 (8x8 asks us to slow down, a resend 200 ms later only adds load) and not an answer carrying Retry-After
        // (the server named its time): those wait for the durable backoff, which honours Retry-After.
        RetryConfig configured = retries.retry(NAME).getRetryConfig();
        Retry withPredicate = Retry.of(NAME, RetryConfig.<SendResult>from(configured)
                .retryOnResult(EightByEightResilience::retryInProcess)
                .build());
        retries.replace(NAME, withPredicate);
        this.retry = withPredicate;
        circuitBreaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                long waitMillis = circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState()
                        .apply(1);
                halfOpenAt = clock.instant().plusMillis(waitMillis);
            }
            log.warn("8x8 circuit breaker {}", event.getStateTransition());
        });
    }

    static boolean retryInProcess(SendResult result) {
        return result instanceof SendResult.Retryable r && r.retryAfter() == null
                && !Integer.valueOf(429).equals(r.httpStatus());
    }

    CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    Retry retry() {
        return retry;
    }

    /** When an open breaker lets probes through again; in the past when it is not open. */
    Instant halfOpenAt() {
        return halfOpenAt;
    }

    /** How long the dispatcher should not claim because of the breaker, or null when it may claim. */
    Duration pauseForBreaker(Instant now) {
        return switch (circuitBreaker.getState()) {
            case OPEN -> now.isBefore(halfOpenAt) ? Duration.between(now, halfOpenAt) : null;
            case FORCED_OPEN -> Duration.ofSeconds(1);
            default -> null;
        };
    }

    /** Calls the breaker lets through at once: all of them when closed, its probes when half-open. */
    int permittedNow(int wanted) {
        return switch (circuitBreaker.getState()) {
            case HALF_OPEN, OPEN -> Math.min(wanted,
                    circuitBreaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState());
            case FORCED_OPEN -> 0;
            default -> wanted;
        };
    }
}
