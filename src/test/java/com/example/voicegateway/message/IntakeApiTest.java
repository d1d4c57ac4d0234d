package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class IntakeApiTest extends IntegrationTest {

    private static final String TEXT = "{\"destination\":\"+6591234567\",\"text\":\"Your parcel arrives tomorrow\","
            + "\"clientReference\":\"order-1\"}";

    @Autowired
    MeterRegistry meters;

    @Test
    void acceptedMessageIsStoredAndShownWithDefaults() {
        Answer answer = post("/voice-messages", ALPHA_KEY, TEXT);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode body = answer.json();
        String id = body.get("id").asString();
        assertThat(answer.header("Location")).isEqualTo("/voice-messages/" + id);
        assertThat(body.get("status").asString()).isEqualTo("QUEUED");
        assertThat(body.get("destination").asString()).isEqualTo("+6591234567");
        assertThat(body.get("source").asString()).isEqualTo("+6568880000");
        assertThat(body.get("voiceProfile").asString()).isEqualTo("en-US-Neural2-C");
        assertThat(body.get("repetition").asInt()).isEqualTo(1);
        assertThat(body.get("speed").asInt()).isEqualTo(1);
        assertThat(body.get("clientName").asString()).isEqualTo("alpha");
        assertThat(body.get("clientReference").asString()).isEqualTo("order-1");
        assertThat(body.get("attempts").isEmpty()).isTrue();
        assertThat(body.has("audioUrl")).isFalse();
        java.time.Instant createdAt = java.time.Instant.parse(body.get("createdAt").asString());
        java.time.Instant validUntil = java.time.Instant.parse(body.get("validUntil").asString());
        assertThat(java.time.Duration.between(createdAt, validUntil).toMinutes()).isBetween(59L, 60L);

        Answer read = get("/voice-messages/" + id, ALPHA_KEY);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).as("GET shows what the 202 showed").isEqualTo(body);
    }

    @Test
    void audioMessageHasNoVoiceSettings() {
        Answer answer = post("/voice-messages", ALPHA_KEY,
                "{\"destination\":\"+6591234567\",\"audioUrl\":\"https://example.com/a.mp3\",\"repetition\":2}");

        assertThat(answer.status()).isEqualTo(202);
        JsonNode body = answer.json();
        assertThat(body.get("audioUrl").asString()).isEqualTo("https://example.com/a.mp3");
        assertThat(body.get("repetition").asInt()).isEqualTo(2);
        assertThat(body.has("text")).isFalse();
        assertThat(body.has("voiceProfile")).isFalse();
        assertThat(body.has("speed")).isFalse();
    }

    @Test
    void acceptedMessagesAreCountedPerClient() {
        double before = count("alpha");
        post("/voice-messages", ALPHA_KEY, TEXT);
        post("/voice-messages", ALPHA_KEY, TEXT);
        assertThat(count("alpha") - before).isEqualTo(2.0);
    }

    private double count(String client) {
        var counter = meters.find("voice_gateway.messages.accepted").tag("client", client).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void sameIdempotencyKeyAndSameRequestReturnsTheSameMessage() {
        Answer first = post("/voice-messages", ALPHA_KEY, TEXT, "key-1");
        Answer second = post("/voice-messages", ALPHA_KEY, TEXT, "key-1");

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void sameIdempotencyKeyWithADifferentRequestIs422() {
        Answer first = post("/voice-messages", ALPHA_KEY, TEXT, "key-2");
        Answer other = post("/voice-messages", ALPHA_KEY, TEXT.replace("tomorrow", "today"), "key-2");

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.json().get("existingId")).isEqualTo(first.json().get("id"));
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void idempotencyKeysAreScopedToTheClient() {
        Answer alpha = post("/voice-messages", ALPHA_KEY, TEXT, "shared-key");
        Answer beta = post("/voice-messages", BETA_KEY, TEXT, "shared-key");

        assertThat(beta.status()).isEqualTo(202);
        assertThat(beta.json().get("id")).isNotEqualTo(alpha.json().get("id"));
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOneMessage() throws Exception {
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Answer> call = () -> {
                    start.await();
                    return post("/voice-messages", ALPHA_KEY, TEXT, "race-key");
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<Answer> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(202);
                ids.add(answer.get().json().get("id").asString());
            }
            assertThat(ids).hasSize(threads).containsOnly(ids.get(0));
            assertThat(rows()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void idempotencyKeyLongerThan255IsRejected() {
        assertThat(post("/voice-messages", ALPHA_KEY, TEXT, "k".repeat(255)).status()).isEqualTo(202);
        Answer tooLong = post("/voice-messages", ALPHA_KEY, TEXT, "k".repeat(256));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
    }

    @Test
    void bodyOver64KibIs413() {
        String big = "{\"destination\":\"+6591234567\",\"text\":\"" + "a".repeat(70_000) + "\"}";
        Answer declared = post("/voice-messages", ALPHA_KEY, big);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.contentType()).startsWith("application/problem+json");

        // Without Content-Length the limit holds while reading.
        HttpRequest chunked = request("/voice-messages", ALPHA_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build();
        Answer streamed = send(chunked);
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(streamed.contentType()).startsWith("application/problem+json");
        assertThat(rows()).isZero();
    }

    @Test
    void bodyJustUnder64KibIsReadNot413() {
        // 64 KiB of JSON is accepted by the size check; this one then fails validation (text too long), as a 400.
        String body = "{\"destination\":\"+6591234567\",\"text\":\"" + "a".repeat(60_000) + "\"}";
        assertThat(post("/voice-messages", ALPHA_KEY, body).status()).isEqualTo(400);
    }

    @Test
    void unknownIdIs404() {
        Answer unknown = get("/voice-messages/" + java.util.UUID.randomUUID(), ALPHA_KEY);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    @Test
    void cancelMakesAQueuedMessageCanceledAndOnlyOnce() {
        String id = post("/voice-messages", ALPHA_KEY, TEXT).json().get("id").asString();

        Answer canceled = post("/voice-messages/" + id + "/cancel", ALPHA_KEY, "");
        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.json().get("status").asString()).isEqualTo("CANCELED");

        Answer again = post("/voice-messages/" + id + "/cancel", ALPHA_KEY, "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.json().get("currentStatus").asString()).isEqualTo("CANCELED");
        assertThat(again.json().get("status").asInt()).isEqualTo(409);
    }

    @Test
    void cancelOfAMessageAlreadyBeingSentIs409WithItsStatus() {
        String id = post("/voice-messages", ALPHA_KEY, TEXT).json().get("id").asString();
        jdbc.update("UPDATE voice_call SET status = 'SENDING', version = version + 1 WHERE message_id = ?::uuid", id);

        Answer answer = post("/voice-messages/" + id + "/cancel", ALPHA_KEY, "");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("currentStatus").asString()).isEqualTo("SENDING");
        assertThat(jdbc.queryForObject("SELECT status FROM message_state WHERE id = ?::uuid", String.class, id))
                .isEqualTo("SENDING");
    }

    private long rows() {
        return jdbc.queryForObject("SELECT count(*) FROM message_state", Long.class);
    }
}
