package com.example.voicegateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.EightByEightJsonConfiguration;
import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.ClaimedMessage;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;
import tools.jackson.databind.json.JsonMapper;

/** How each 8x8 answer is classified, without a server. */
class EightByEightClientTest {

    private static final JsonMapper JSON = EightByEightJsonConfiguration.mapper();
    private static final java.time.Instant NOW = java.time.Instant.parse("2026-11-25T16:00:00Z");

    private static SendResult answer(int status, String body) {
        return answer(status, body, null);
    }

    /** As the client classifies the answer with that status, body and Retry-After value (or none). */
    private static SendResult answer(int status, String body, String retryAfter) {
        return EightByEightClient.answered(status, read(body), retryAfterHeaders(retryAfter), NOW);
    }

    private static org.springframework.http.HttpHeaders retryAfterHeaders(String value) {
        var headers = new org.springframework.http.HttpHeaders();
        if (value != null) {
            headers.set(org.springframework.http.HttpHeaders.RETRY_AFTER, value);
        }
        return headers;
    }

    /** What the client does with a body: 8x8's answer, or null when it is none. */
    private static CallflowAnswer read(String body) {
        return body == null ? null : CallflowAnswer.read(JSON, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void classifiesEachRowOfTheOutcomeTable() {
        assertThat(answer(200, """
                {"sessionId":"s","sessionStatus":"CREATED","callFlowRequestId":"c","statusCode":1,"statusMessage":"Created"}"""))
                .isInstanceOf(SendResult.Created.class);
        assertThat(answer(400, """
                {"sessionStatus":"NOT_CREATED","statusCode":-1002,"statusMessage":"bad profile"}"""))
                .isInstanceOf(SendResult.Rejected.class);
        assertThat(answer(200, """
                {"sessionStatus":"NOT CREATED","statusCode":-1015,"statusMessage":"expired"}"""))
                .isInstanceOf(SendResult.Rejected.class);
        assertThat(answer(500, """
                {"sessionStatus":"NOT_CREATED","statusCode":500,"statusMessage":"Internal server error"}"""))
                .isInstanceOf(SendResult.Retryable.class);
        // A bare 503 may come from a proxy that already forwarded the request: the call may exist.
        assertThat(answer(503, null)).isInstanceOf(SendResult.Unknown.class);
        assertThat(answer(503, "upstream connect error or disconnect/reset before headers"))
                .isInstanceOf(SendResult.Unknown.class);
        assertThat(answer(503, """
                {"sessionStatus":"NOT_CREATED","callFlowRequestId":"x","statusCode":503,"statusMessage":"Service Unavailable"}"""))
                .isInstanceOf(SendResult.Retryable.class);
        assertThat(answer(503, null, "0")).isInstanceOf(SendResult.Retryable.class)
                .extracting(r -> ((SendResult.Retryable) r).retryAfter()).isEqualTo(Duration.ZERO);
        assertThat(answer(503, null, "5")).isInstanceOf(SendResult.Retryable.class)
                .extracting(r -> ((SendResult.Retryable) r).retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(answer(503, null, "")).isInstanceOf(SendResult.Unknown.class);
        assertThat(answer(502, null)).isInstanceOf(SendResult.Unknown.class);
        assertThat(answer(504, null)).isInstanceOf(SendResult.Unknown.class);
        assertThat(answer(504, """
                {"sessionStatus":"NOT_CREATED","statusCode":504,"statusMessage":"Gateway timeout"}"""))
                .isInstanceOf(SendResult.Retryable.class);
        assertThat(answer(429, null)).isInstanceOf(SendResult.Retryable.class);
        assertThat(answer(401, null)).isInstanceOf(SendResult.AuthProblem.class);
        assertThat(answer(403, null)).isInstanceOf(SendResult.AuthProblem.class);
        assertThat(answer(404, """
                {"sessionStatus":"NOT_CREATED","statusCode":404,"statusMessage":"SubAccount not found"}"""))
                .isInstanceOf(SendResult.AuthProblem.class);
        assertThat(answer(500, null)).isInstanceOf(SendResult.Unknown.class);
        assertThat(answer(200, "{}")).isInstanceOf(SendResult.Unknown.class);
    }

    @Test
    void classifiesTransportFailuresByWhetherTheRequestCanHaveLeft() {
        assertThat(EightByEightClient.classify(new ResourceAccessException("x", new ConnectException("refused")), true))
                .isInstanceOf(SendResult.Retryable.class);
        assertThat(EightByEightClient.classify(new ResourceAccessException("x",
                new HttpConnectTimeoutException("connect timed out")), true)).isInstanceOf(SendResult.Retryable.class);
        assertThat(EightByEightClient.classify(new ResourceAccessException("x",
                new HttpTimeoutException("request timed out")), true)).isInstanceOf(SendResult.Unknown.class);
        assertThat(EightByEightClient.classify(new ResourceAccessException("x",
                new java.io.IOException("connection reset")), true)).isInstanceOf(SendResult.Unknown.class);
    }

    @Test
    void retriesInProcessOnlyWithoutRetryAfterAndNeverA429() {
        assertThat(EightByEightResilience.retryInProcess(answer(500, """
                {"sessionStatus":"NOT_CREATED","statusCode":500,"statusMessage":"Internal server error"}""")))
                .isTrue();
        assertThat(EightByEightResilience.retryInProcess(answer(429, null, null))).isFalse();
        assertThat(EightByEightResilience.retryInProcess(answer(429, null, "1"))).isFalse();
        assertThat(EightByEightResilience.retryInProcess(answer(503, null, "0"))).isFalse();
        assertThat(EightByEightResilience.retryInProcess(answer(503, null, "soon"))).isFalse();
        assertThat(EightByEightResilience.retryInProcess(answer(503, null, null))).isFalse();
    }

    private static Duration retryAfter(String value) {
        return EightByEightClient.retryAfterHeader(retryAfterHeaders(value), NOW);
    }

    @Test
    void readsRetryAfterInSecondsOrAsADate() {
        assertThat(retryAfter("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        // Present but unreadable: the server still said "later", so it is an answer with a Retry-After.
        assertThat(retryAfter("soon")).isEqualTo(Duration.ZERO);
        assertThat(retryAfter(null)).isNull();
        // A date is read against the injected clock, not the machine's.
        assertThat(retryAfter("Wed, 25 Nov 2026 16:00:30 GMT")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void writesValidUntilWithMillisecondsInUtcAndSpeedAsAPlainNumber() {
        ClaimedMessage m = new ClaimedMessage(UUID.fromString("00000000-0000-0000-0000-000000000001"), 1, 1, 1,
                CallKind.FIRST, "00000000-0000-0000-0000-000000000001", "+6591234567", "+6568880000", "hi", null, "en-US-Neural2-C", 1, new BigDecimal("2.00"),
                Instant.parse("2026-11-25T15:04:05.123456Z"), Instant.now(), null);
        String body = new String(EightByEightClient.requestBody(JSON, m));
        assertThat(body).isEqualTo("{\"validUntil\":\"2026-11-25T15:04:05.123Z\","
                + "\"clientRequestId\":\"00000000-0000-0000-0000-000000000001\",\"callflow\":["
                + "{\"action\":\"makeCall\",\"params\":{\"source\":\"+6568880000\",\"destination\":\"+6591234567\"}},"
                + "{\"action\":\"say\",\"params\":{\"text\":\"hi\",\"voiceProfile\":\"en-US-Neural2-C\","
                + "\"repetition\":1,\"speed\":2}},{\"action\":\"hangup\"}]}");
    }

    @Test
    void anAcknowledgeCallflowEndsWithSayAndCaptureGivingEveryValueExplicitly() {
        ClaimedMessage m = new ClaimedMessage(UUID.fromString("00000000-0000-0000-0000-000000000002"), 1, 1, 1,
                CallKind.FIRST, "00000000-0000-0000-0000-000000000002", "+6591234505", "+6568880000", "The server room is on fire.", null, "en-IE-EmilyNeural", 2,
                new BigDecimal("1.5"), Instant.parse("2026-11-25T15:04:05Z"), Instant.now(),
                new ClaimedMessage.Capture("Press 1 to confirm you heard this message.", 10_000, 2));
        String body = new String(EightByEightClient.requestBody(JSON, m));
        assertThat(body).isEqualTo("{\"validUntil\":\"2026-11-25T15:04:05.000Z\","
                + "\"clientRequestId\":\"00000000-0000-0000-0000-000000000002\",\"callflow\":["
                + "{\"action\":\"makeCall\",\"params\":{\"source\":\"+6568880000\",\"destination\":\"+6591234505\"}},"
                + "{\"action\":\"say\",\"params\":{\"text\":\"The server room is on fire.\","
                + "\"voiceProfile\":\"en-IE-EmilyNeural\",\"repetition\":2,\"speed\":1.5}},"
                + "{\"action\":\"sayAndCapture\",\"params\":{\"promptMessage\":\"Press 1 to confirm you heard this message.\","
                + "\"voiceProfile\":\"en-IE-EmilyNeural\",\"speed\":1.5,\"minDigits\":1,\"maxDigits\":1,"
                + "\"completeOnHash\":false,\"overallTimeout\":10000,\"noOfTries\":2}}]}");
    }

    @Test
    void anAudioMessageWithAcknowledgeSpeaksThePromptInItsVoice() {
        ClaimedMessage m = new ClaimedMessage(UUID.fromString("00000000-0000-0000-0000-000000000003"), 1, 1, 1,
                CallKind.FIRST, "00000000-0000-0000-0000-000000000003", "+6591234505", "+6568880000", null, "https://example.com/a.mp3", "en-US-Neural2-C", 1,
                BigDecimal.ONE, Instant.parse("2026-11-25T15:04:05Z"), Instant.now(),
                new ClaimedMessage.Capture("Press 7 to confirm.", 3_000, 1));
        String body = new String(EightByEightClient.requestBody(JSON, m));
        assertThat(body).endsWith("{\"action\":\"playFile\",\"params\":{\"fileUrl\":\"https://example.com/a.mp3\","
                + "\"repetition\":1}},{\"action\":\"sayAndCapture\",\"params\":{\"promptMessage\":\"Press 7 to confirm.\","
                + "\"voiceProfile\":\"en-US-Neural2-C\",\"speed\":1,\"minDigits\":1,\"maxDigits\":1,"
                + "\"completeOnHash\":false,\"overallTimeout\":3000,\"noOfTries\":1}}]}");
    }

    @Test
    void everyShapeOfCallflowWeBuildPassesTheSandboxsRulesOf8x8() {
        var rules = new com.example.voicegateway.sandbox.CallflowRules(
                java.util.Set.copyOf(com.example.voicegateway.sandbox.CallflowRules.KNOWN_VOICE_PROFILES));
        Instant validUntil = Instant.parse("2026-11-25T15:04:05Z");
        ClaimedMessage text = new ClaimedMessage(UUID.randomUUID(), 1, 1, 1, CallKind.FIRST, "a", "+6591234567",
                "+6568880000", "hi", null, "en-IE-EmilyNeural", 3, new BigDecimal("0.5"), validUntil, Instant.now());
        ClaimedMessage audio = new ClaimedMessage(UUID.randomUUID(), 1, 1, 2, CallKind.FIRST, "b:2", "+6591234567",
                "+6568880000", null, "https://example.com/a.mp3", "en-US-Neural2-C", 1, null, validUntil,
                Instant.now(), new ClaimedMessage.Capture("Press 1.", 10_000, 3));
        for (ClaimedMessage m : java.util.List.of(text, audio)) {
            var accepted = rules.check(JSON.readTree(EightByEightClient.requestBody(JSON, m)), NOW.minusSeconds(86_400 * 365));
            assertThat(accepted.destination()).isEqualTo("+6591234567");
            assertThat(accepted.clientRequestId()).isEqualTo(m.clientRequestId());
        }
    }

    @Test
    void aMissingCallActionWebhookIsAClearRejection() {
        SendResult result = answer(422, "{\"sessionStatus\":\"NOT_CREATED\",\"statusCode\":-1004,"
                        + "\"statusMessage\":\"DTMF callback url not provided\"}");
        assertThat(result).isInstanceOf(SendResult.Rejected.class);
        assertThat(result.describe()).contains("-1004").contains("DTMF callback url not provided")
                .contains("no Voice Call Action webhook").contains("POST /admin/eightbyeight/webhook");
    }

    @Test
    void aFailureBeforeTheClientAskedForAnyByteOfTheCallflowIsProvablyNotSent() {
        var eof = new java.io.IOException("EOF reached while reading");
        assertThat(EightByEightClient.classify(eof, false)).isInstanceOf(SendResult.Retryable.class)
                .extracting(SendResult::describe).asString().contains("before any byte of the callflow");
        assertThat(EightByEightClient.classify(eof, true)).isInstanceOf(SendResult.Unknown.class);
        var timeout = new java.net.http.HttpTimeoutException("request timed out");
        assertThat(EightByEightClient.classify(timeout, false)).isInstanceOf(SendResult.Retryable.class);
        assertThat(EightByEightClient.classify(timeout, true)).isInstanceOf(SendResult.Unknown.class);
    }

    @Test
    void throughRestClientTheWatchSeesWhetherTheBodyWasAskedFor() {
        var server = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
        server.start();
        try {
            server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/x")
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok()));
            var http = org.springframework.web.client.RestClient.builder()
                    .requestFactory(new org.springframework.http.client.JdkClientHttpRequestFactory(
                            new BodyDemandWatch(java.net.http.HttpClient.newBuilder()
                                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build())))
                    .build();
            var sent = new BodyDemandWatch.Demand();
            BodyDemandWatch.watching(sent, () -> http.post().uri(server.baseUrl() + "/x").body(new byte[] {1})
                    .retrieve().toBodilessEntity());
            assertThat(sent.requested()).as("the body went out").isTrue();
            assertThat(sent.seal()).as("asked for, so it cannot be sealed").isFalse();

            var refused = new BodyDemandWatch.Demand();
            try {
                // Port 9 (discard) is closed here, as DispatchTestBase's default base URL assumes.
                BodyDemandWatch.watching(refused, () -> http.post().uri("http://127.0.0.1:9/x").body(new byte[] {1})
                        .retrieve().toBodilessEntity());
            } catch (ResourceAccessException expected) {
                assertThat(EightByEightClient.classify(expected, !refused.seal()))
                        .isInstanceOf(SendResult.Retryable.class);
            }
            assertThat(refused.requested()).as("no connection, so no byte asked for").isFalse();
        } finally {
            server.stop();
        }
    }

    @Test
    void theTrackedBodyNotesTheFirstRequestForItsBytesAndDeliversThemUnchanged() throws Exception {
        var requested = new BodyDemandWatch.Demand();
        byte[] body = "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var publisher = BodyDemandWatch.tracked(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body), requested);
        assertThat(publisher.contentLength()).isEqualTo(body.length);
        var received = new java.io.ByteArrayOutputStream();
        var done = new java.util.concurrent.CompletableFuture<Void>();
        var subscription = subscribe(publisher, received, done);
        assertThat(requested.requested()).as("subscribed, nothing asked for yet").isFalse();
        subscription.request(Long.MAX_VALUE);
        done.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(requested.requested()).isTrue();
        assertThat(requested.seal()).as("asked for first: the outcome is unknown").isFalse();
        assertThat(received.toByteArray()).isEqualTo(body);
    }

    @Test
    void aSealedBodyIsNeverSentEvenWhenTheClientAsksForItLater() {
        var demand = new BodyDemandWatch.Demand();
        var upstream = new java.util.concurrent.atomic.AtomicLong();
        var cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        // The body as the JDK would get it, noting what is asked of it.
        java.net.http.HttpRequest.BodyPublisher source = new java.net.http.HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return 1;
            }

            @Override
            public void subscribe(java.util.concurrent.Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
                subscriber.onSubscribe(new java.util.concurrent.Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        upstream.addAndGet(n);
                        subscriber.onNext(java.nio.ByteBuffer.wrap(new byte[] {1}));
                        subscriber.onComplete();
                    }

                    @Override
                    public void cancel() {
                        cancelled.set(true);
                    }
                });
            }
        };
        var received = new java.io.ByteArrayOutputStream();
        var done = new java.util.concurrent.CompletableFuture<Void>();
        var subscription = subscribe(BodyDemandWatch.tracked(source, demand), received, done);

        // The caller gave up (read timeout, interrupt) and classifies "nothing sent"; the JDK asks afterwards.
        assertThat(demand.seal()).isTrue();
        subscription.request(1);
        subscription.request(1);

        assertThat(upstream).as("nothing asked of the body").hasValue(0);
        assertThat(cancelled).isTrue();
        assertThat(received.size()).isZero();
        assertThat(done).isCompletedExceptionally();
        assertThat(demand.requested()).isFalse();
        assertThat(demand.seal()).as("sealed stays sealed").isTrue();
    }

    private static java.util.concurrent.Flow.Subscription subscribe(java.net.http.HttpRequest.BodyPublisher publisher,
            java.io.ByteArrayOutputStream received, java.util.concurrent.CompletableFuture<Void> done) {
        var subscription = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Flow.Subscription>();
        publisher.subscribe(new java.util.concurrent.Flow.Subscriber<>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                subscription.set(s);
            }

            @Override
            public void onNext(java.nio.ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                received.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        return subscription.get();
    }
}
