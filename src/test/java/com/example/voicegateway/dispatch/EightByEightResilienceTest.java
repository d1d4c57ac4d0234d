package com.example.voicegateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What an operator's {@code resilience4j.retry.*} settings may change about dispatch's retry, and what not. */
class EightByEightResilienceTest {

    /** What {@code retry-exceptions: java.lang.Exception} and {@code fail-after-max-attempts: true} configure. */
    private static final RetryConfig RETRY_ON_EVERY_EXCEPTION = RetryConfig.custom()
            .maxAttempts(3)
            .waitDuration(Duration.ofMillis(1))
            .retryExceptions(Exception.class)
            .failAfterMaxAttempts(true)
            .build();

    private static Retry retryFor(RetryRegistry retries) {
        return new EightByEightResilience(CircuitBreakerRegistry.ofDefaults(), retries, Clock.systemUTC()).retry();
    }

    @Test
    void configuredRetryExceptionsNeverRetryAnException() {
        for (RetryRegistry retries : new RetryRegistry[] {
                RetryRegistry.of(RETRY_ON_EVERY_EXCEPTION),
                RetryRegistry.of(Map.of("default", RetryConfig.ofDefaults(),
                        EightByEightResilience.NAME, RETRY_ON_EVERY_EXCEPTION))}) {
            Retry retry = retryFor(retries);
            AtomicInteger calls = new AtomicInteger();

            assertThatThrownBy(() -> Retry.decorateSupplier(retry, () -> {
                calls.incrementAndGet();
                throw new IllegalStateException("after the POST");
            }).get()).isInstanceOf(IllegalStateException.class);

            assertThat(calls).as("tries of a supplier that throws").hasValue(1);
        }
    }

    @Test
    void aRetryableAnswerIsTriedMaxAttemptsTimesAndTheLastAnswerComesBackWithoutAnException() {
        Retry retry = retryFor(RetryRegistry.of(RETRY_ON_EVERY_EXCEPTION));
        AtomicInteger calls = new AtomicInteger();
        CallSender.Step retryable = new CallSender.Step(null, true, true);

        CallSender.Step last = Retry.decorateSupplier(retry, () -> {
            calls.incrementAndGet();
            return retryable;
        }).get();

        assertThat(calls).hasValue(3);
        assertThat(last).isSameAs(retryable);
        assertThat(retry.getRetryConfig().isFailAfterMaxAttempts()).isFalse();
    }
}
