package com.example.voicegateway.dispatch;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
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
 * The Resilience4j instances {@code eightByEight} (breaker and retry), configured by {@code resilience4j.*} properties
 * and used through their decorators in {@link CallSender}. What the properties cannot say is added here: which answers
 * the breaker counts as failures (8x8 unreachable, overloaded or silent; a REJECTED callflow proves 8x8 is up), and
 * which the retry may try again. The dispatcher also asks the breaker before claiming, so no message is held while
 * it is open. 8x8's rate is not Resilience4j's: it is the Bucket4j bucket all instances share
 * ({@code ratelimit.GlobalCallRate}).
 */
@Component
class EightByEightResilience {

    static final String NAME = "eightByEight";

    private static final Logger log = LoggerFactory.getLogger(EightByEightResilience.class);

    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final Clock clock;
    private volatile Instant halfOpenAt = Instant.EPOCH;

    EightByEightResilience(CircuitBreakerRegistry breakers, RetryRegistry retries, Clock clock) {
        this.clock = clock;
        CircuitBreakerConfig configuredBreaker = breakers.circuitBreaker(NAME).getCircuitBreakerConfig();
        CircuitBreaker judging = CircuitBreaker.of(NAME, CircuitBreakerConfig.from(configuredBreaker)
                .recordResult(result -> result instanceof CallSender.Step step && step.failure())
                // Nothing was posted: the permission goes back, nothing is counted.
                .ignoreException(CallSender.NotSent.class::isInstance)
                .build());
        breakers.replace(NAME, judging);
        this.circuitBreaker = judging;
        // Only a provably-not-created answer may be retried in process; the properties cannot express that. Not a
        // 429 (8x8 asks us to slow down, a resend 200 ms later only adds load) and not an answer carrying Retry-After
        // (the server named its time): those wait for the durable backoff, which honours Retry-After.
        Retry withPredicate = Retry.of(NAME, onlyOnResult(retries.retry(NAME).getRetryConfig()));
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

    /**
     * The retry the properties configure, keeping only how many tries and how long between them. Built from scratch,
     * not {@code RetryConfig.from}: configured {@code retry-exceptions} would be ORed with any predicate set here and
     * bring back retries on an exception (one thrown once a POST began would send the callflow twice), and
     * {@code fail-after-max-attempts} would throw after the POSTs and lose what they answered. CallSender's step
     * says whether this answer and this claim allow another try (retryInProcess, the lease, max-attempts, not
     * stopping).
     */
    static RetryConfig onlyOnResult(RetryConfig configured) {
        return RetryConfig.<CallSender.Step>custom()
                .maxAttempts(configured.getMaxAttempts())
                .intervalBiFunction(configured.<CallSender.Step>getIntervalBiFunction())
                .retryOnResult(CallSender.Step::again)
                .retryOnException(e -> false)
                // Ignored exceptions are never retried, whatever else says so.
                .ignoreExceptions(Throwable.class)
                .failAfterMaxAttempts(false)
                .build();
    }

    /** What the breaker counts as a failure: 8x8 unreachable, overloaded or not answering. */
    static boolean failure(AttemptOutcome outcome) {
        return outcome != AttemptOutcome.SUBMITTED && outcome != AttemptOutcome.REJECTED
                && outcome != AttemptOutcome.AUTH_ERROR;
    }

    static boolean retryInProcess(SendResult result) {
        return result instanceof SendResult.Retryable r && r.retryAfter() == null
                && !Integer.valueOf(429).equals(r.httpStatus());
    }

    CircuitBreaker circuitBreaker() {
        return circuitBreaker;
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
