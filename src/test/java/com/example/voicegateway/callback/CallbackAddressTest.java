package com.example.voicegateway.callback;

import static com.example.voicegateway.callback.CallbackTestSupport.HOOK;
import static com.example.voicegateway.callback.CallbackTestSupport.RECEIVER;
import static com.example.voicegateway.callback.CallbackTestSupport.receivedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.config.ClientPolicies;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;

/**
 * Where callbacks may connect (issue 20): a name is judged by the addresses it resolves to at connection time, an
 * address the operator lists for the client keeps working, the client reads what went wrong in words, and no URL
 * or exception stops the worker or escapes the retry schedule.
 */
class CallbackAddressTest extends CallbackIntegrationTest {

    /** A receiver that only speaks TLS, with a certificate no one trusts: what an internal HTTPS port looks like. */
    private static final WireMockServer TLS_ONLY = new WireMockServer(options().dynamicPort().dynamicHttpsPort());

    static {
        TLS_ONLY.start();
    }

    @Autowired
    CallbackStore store;
    @Autowired
    CallbackUrlPolicy policy;
    @Autowired
    CallbackMetrics metrics;
    @Autowired
    CallbacksProperties properties;

    @Autowired
    ClientPolicies clients;
    @Autowired
    Clock clock;

    @AfterAll
    static void stopTlsReceiver() {
        TLS_ONLY.stop();
    }

    @BeforeEach
    void receiverAnswers204() {
        RECEIVER.resetAll();
        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(204)));
        if (!worker.isRunning()) {
            worker.start();
        }
    }

    @Test
    void aNameThatResolvesToLoopbackGetsNothingAndItsClientReadsWhyInWords() {
        String id = acceptAndCancel(NAMED_KEY, "http://localhost:" + RECEIVER.port() + HOOK);

        JsonNode callback = awaitCallbackStatus(id, NAMED_KEY, "FAILED");

        assertThat(receivedFor(id)).isEmpty();
        assertThat(callback.get("lastError").asString()).isEqualTo("address not allowed");
        assertThat(callback.get("attempts").asInt()).isEqualTo(4);
        assertThat(callback.path("lastHttpStatus").isNumber()).isFalse();
    }

    @Test
    void theGatewaysOwnPortIsNotReachableThroughAName() {
        // The first example: the gateway itself answered 401, and the client read it in lastError.
        String id = acceptAndCancel(NAMED_KEY, "http://localhost:" + port + "/voice-messages");

        JsonNode callback = awaitCallbackStatus(id, NAMED_KEY, "FAILED");

        assertThat(callback.get("lastError").asString()).isEqualTo("address not allowed");
        assertThat(callback.path("lastHttpStatus").isNumber()).as("no answer came from the gateway").isFalse();
    }

    @Test
    void anAddressTheOperatorListsForTheClientKeepsWorkingByNameAndAsALiteral() {
        String byName = acceptAndCancel(LOOPBACK_KEY, "http://localhost:" + RECEIVER.port() + HOOK);
        String byLiteral = acceptAndCancel(LOOPBACK_KEY, "http://127.0.0.1:" + RECEIVER.port() + HOOK);

        awaitCallbackStatus(byName, LOOPBACK_KEY, "DELIVERED");
        awaitCallbackStatus(byLiteral, LOOPBACK_KEY, "DELIVERED");
        assertThat(receivedFor(byName)).hasSize(1);
        assertThat(receivedFor(byName).get(0).getHeader("Host")).isEqualTo("localhost:" + RECEIVER.port());
        assertThat(receivedFor(byLiteral)).hasSize(1);
    }

    @Test
    void whatWentWrongIsSaidInWordsNeverAsAnExceptionName() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String refused = acceptAndCancel(LOOPBACK_KEY, "http://127.0.0.1:" + closed + "/hook");
        String untrusted = acceptAndCancel(LOOPBACK_KEY, "https://127.0.0.1:" + TLS_ONLY.httpsPort() + "/hook");

        assertThat(awaitCallbackStatus(refused, LOOPBACK_KEY, "FAILED").get("lastError").asString())
                .isEqualTo("connection refused");
        assertThat(awaitCallbackStatus(untrusted, LOOPBACK_KEY, "FAILED").get("lastError").asString())
                .isEqualTo("TLS handshake failed");
        assertThat(TLS_ONLY.getAllServeEvents()).isEmpty();
    }

    @Test
    void aPortOutsideOneTo65535IsRefusedAtIntakeNamingCallbackUrl() {
        for (String url : new String[] {"https://hooks.example.com:65536/p", "https://hooks.example.com:99999/p",
                "https://hooks.example.com:0/p"}) {
            Answer refused = post("/voice-messages", NAMED_KEY, message(url));
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.raw().body()).as(url).contains("callbackUrl").contains("port must be between 1 and 65535");
        }
        assertThat(post("/voice-messages", NAMED_KEY, message("https://hooks.example.com:65535/p")).status())
                .isEqualTo(202);
    }

    @Test
    void aStoredUrlWithAPortAbove65535EndsFailedAndTheWorkerDeliversTheNextEvent() {
        worker.stop();
        // A row accepted before intake checked the port, as it sits in the table.
        String stuck = acceptAndCancel(NAMED_KEY, "https://hooks.example.com/p");
        jdbc.update("UPDATE callback_event SET url = 'https://hooks.example.com:65536/p' WHERE message_id = ?::uuid",
                stuck);
        String next = acceptAndCancel(LOOPBACK_KEY, "http://127.0.0.1:" + RECEIVER.port() + HOOK);

        worker.start();

        JsonNode failed = awaitCallbackStatus(stuck, NAMED_KEY, "FAILED");
        assertThat(failed.get("lastError").asString()).contains("port must be between 1 and 65535")
                .doesNotContain("Exception");
        awaitCallbackStatus(next, LOOPBACK_KEY, "DELIVERED");
        assertThat(postEmpty("/admin/callbacks/" + failed.get("id").asString() + "/redeliver", OPS_KEY).status())
                .isEqualTo(200);
    }

    @Test
    void anExceptionOutOfOneDeliveryIsAFailedAttemptOnTheScheduleAndTheWorkerGoesOn() {
        worker.stop();
        String id = acceptAndCancel(LOOPBACK_KEY, "http://127.0.0.1:" + RECEIVER.port() + HOOK);
        CallbackSender broken = new CallbackSender(properties, clients, clock) {
            @Override
            Result send(CallbackStore.Claimed event, String secret) {
                throw new IllegalArgumentException("port out of range:65536");
            }
        };
        CallbackWorker unlucky = new CallbackWorker(store,
                new CallbackAttempts(store, broken, policy, metrics, properties, clients, clock), properties, clock,
                "unlucky");

        // The first try and one per entry of the three-entry schedule, then FAILED: never a fifth.
        JsonNode failed = await().atMost(Duration.ofSeconds(30)).until(() -> {
            unlucky.deliverDue();
            return callback(id, LOOPBACK_KEY);
        }, c -> "FAILED".equals(c.path("status").asString()));
        assertThat(failed.get("attempts").asInt()).isEqualTo(4);
        assertThat(failed.get("lastError").asString()).isEqualTo("delivery failed");
        assertThat(receivedFor(id)).isEmpty();

        String next = acceptAndCancel(LOOPBACK_KEY, "http://127.0.0.1:" + RECEIVER.port() + HOOK);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            unlucky.deliverDue();
            return callback(next, LOOPBACK_KEY);
        }, c -> "FAILED".equals(c.path("status").asString()));
        worker.start();
        assertThat(postEmpty("/admin/callbacks/" + failed.get("id").asString() + "/redeliver", OPS_KEY).status())
                .isEqualTo(200);
        awaitCallbackStatus(id, LOOPBACK_KEY, "DELIVERED");
    }

    @Test
    void errorsStoredWithAnExceptionNameBeforeTheseWordsAreRewritten() throws IOException {
        worker.stop();
        String id = acceptAndCancel(LOOPBACK_KEY, "http://127.0.0.1:" + RECEIVER.port() + HOOK);
        String migration = new ClassPathResource("db/migration/V14_2__callback_errors_in_words.sql")
                .getContentAsString(StandardCharsets.UTF_8);
        Map<String, String> stored = Map.of(
                "connection failed (ConnectException)", "connection refused",
                "connection failed (SSLHandshakeException)", "TLS handshake failed",
                "connection failed (EOFException)", "connection failed",
                "connection failed (UnknownHostException)", "host not found",
                "connect timed out after 5000 ms", "timed out",
                "no answer within 5000 ms", "timed out",
                "HTTP 401", "HTTP 401",
                "not sent: callbackUrl must be an https URL (gateway.callbacks.allow-http is off)",
                "not sent: callbackUrl must be an https URL (gateway.callbacks.allow-http is off)");
        stored.forEach((before, after) -> {
            jdbc.update("UPDATE callback_event SET last_error = ? WHERE message_id = ?::uuid", before, id);
            jdbc.execute(migration);
            assertThat(jdbc.queryForObject("SELECT last_error FROM callback_event WHERE message_id = ?::uuid",
                    String.class, id)).as(before).isEqualTo(after);
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static String message(String callbackUrl) {
        return "{\"destination\":\"+6591234567\",\"text\":\"Your parcel arrives tomorrow.\",\"callbackUrl\":\""
                + callbackUrl + "\"}";
    }

    private String acceptAndCancel(String key, String callbackUrl) {
        Answer accepted = post("/voice-messages", key, message(callbackUrl));
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        assertThat(postEmpty("/voice-messages/" + id + "/cancel", key).status()).isEqualTo(200);
        return id;
    }

    private Answer postEmpty(String path, String key) {
        return send(request(path, key).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private JsonNode callback(String id, String key) {
        return get("/voice-messages/" + id, key).json().at("/callbacks/0");
    }

    private JsonNode awaitCallbackStatus(String id, String key, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> callback(id, key),
                c -> status.equals(c.path("status").asString()));
    }
}
