package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Cancels racing on one message: one wins, every other answers 409 naming CANCELED, never a 5xx. */
class CancelRaceTest extends IntegrationTest {

    private static final String TEXT = "{\"destination\":\"+6591234567\",\"text\":\"Hello\"}";
    private static final int RACERS = 8;
    private static final int ROUNDS = 10;

    @Test
    void concurrentCancelsAnswerOne200AndOtherwise409WithTheCurrentStatus() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String id = post("/voice-messages", ALPHA_KEY, TEXT).json().get("id").asString();
                CyclicBarrier start = new CyclicBarrier(RACERS);
                List<CompletableFuture<Answer>> racing = new ArrayList<>();
                for (int i = 0; i < RACERS; i++) {
                    // Client and ops keys alike: ops may cancel any message.
                    String key = i % 2 == 0 ? ALPHA_KEY : OPS_KEY;
                    racing.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return post("/voice-messages/" + id + "/cancel", key, "");
                    }, pool));
                }
                List<Answer> answers = racing.stream().map(CompletableFuture::join).toList();

                assertThat(answers).extracting(Answer::status).as("round " + round).containsOnly(200, 409);
                assertThat(answers).filteredOn(a -> a.status() == 200).as("round " + round).hasSize(1);
                answers.stream().filter(a -> a.status() == 409).forEach(conflict -> {
                    assertThat(conflict.contentType()).startsWith("application/problem+json");
                    assertThat(conflict.json().get("currentStatus").asString()).isEqualTo("CANCELED");
                });
                assertThat(jdbc.queryForObject("SELECT status FROM message_state WHERE id = ?::uuid", String.class,
                        id)).isEqualTo("CANCELED");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
