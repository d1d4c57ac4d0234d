package com.example.voicegateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DockerAvailableTest {

    @Test
    void aProbeThatNeverAnswersCountsAsNoEngineOnceThePatienceIsUsedUp() {
        CountDownLatch never = new CountDownLatch(1);
        long started = System.nanoTime();

        DockerAvailable.Outcome outcome = DockerAvailable.within(Duration.ofMillis(200), () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        });

        assertThat(outcome).isEqualTo(DockerAvailable.Outcome.TOO_SLOW);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        never.countDown();
    }

    @Test
    void aProbeThatFailsCountsAsNoEngine() {
        assertThat(DockerAvailable.within(Duration.ofSeconds(5), () -> {
            throw new IllegalStateException("no socket");
        })).isEqualTo(DockerAvailable.Outcome.NONE);
    }

    @Test
    void theProbesOwnAnswerIsKeptWhenItComesInTime() {
        assertThat(DockerAvailable.within(Duration.ofSeconds(5), () -> true)).isEqualTo(DockerAvailable.Outcome.ANSWERED);
        assertThat(DockerAvailable.within(Duration.ofSeconds(5), () -> false)).isEqualTo(DockerAvailable.Outcome.NONE);
    }
}
