package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.EightByEightBaseUrl;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.GatewayProperties;
import com.example.voicegateway.message.ClaimedMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts one callflow to 8x8 and says what the answer means. Never retries by itself: whether a second POST is safe
 * is the dispatcher's decision, and only a {@link SendResult.Retryable} allows it.
 */
@Component
class EightByEightClient {

    /** 8x8's documented format: YYYY-MM-DDTHH:MM:SS.SSSZ, always UTC, always three fraction digits. */
    static final DateTimeFormatter VALID_UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    // 8x8's answers are read leniently (their error bodies vary); the strict application mapper is for our API.
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final HttpClient http;
    private final EightByEightBaseUrl baseUrl;
    private final EightByEightProperties settings;
    private final Clock clock;

    EightByEightClient(EightByEightBaseUrl baseUrl, GatewayProperties properties, Clock clock) {
        this.clock = clock;
        this.settings = properties.eightbyeight();
        this.baseUrl = baseUrl;
        // HTTP/1.1 explicitly: the JDK client would otherwise try an h2c upgrade on plain http. The JDK never
        // retries a POST by itself (jdk.httpclient.enableAllMethodRetry stays unset): whether a second POST is safe
        // is the dispatcher's decision.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    SendResult send(ClaimedMessage message) {
        // A byte[] body goes out with a Content-Length, never chunked.
        byte[] body = requestBody(message);
        AtomicBoolean bodyRequested = new AtomicBoolean();
        HttpRequest request = HttpRequest.newBuilder(callflowsUri())
                .timeout(settings.readTimeout())
                .header("Content-Type", MediaType.APPLICATION_JSON_VALUE)
                .header("Accept", MediaType.APPLICATION_JSON_VALUE)
                .header("Authorization", "Bearer " + (settings.apiKey() == null ? "" : settings.apiKey()))
                .POST(tracked(body, bodyRequested))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return classify(response.statusCode(), readBody(response.body()),
                    response.headers().firstValue("Retry-After").orElse(null), clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return classify(e, bodyRequested.get());
        } catch (IOException | RuntimeException e) {
            return classify(e, bodyRequested.get());
        }
    }

    /**
     * The callflow as a body that notes when the HTTP client first asks for its bytes. Until then not one byte of
     * the callflow can have been written, so 8x8 cannot have created it, whatever the connection did.
     */
    static HttpRequest.BodyPublisher tracked(byte[] body, AtomicBoolean requested) {
        HttpRequest.BodyPublisher bytes = HttpRequest.BodyPublishers.ofByteArray(body);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return bytes.contentLength();
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                bytes.subscribe(new Flow.Subscriber<>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscriber.onSubscribe(new Flow.Subscription() {
                            @Override
                            public void request(long n) {
                                requested.set(true);
                                subscription.request(n);
                            }

                            @Override
                            public void cancel() {
                                subscription.cancel();
                            }
                        });
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        subscriber.onNext(item);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        subscriber.onError(throwable);
                    }

                    @Override
                    public void onComplete() {
                        subscriber.onComplete();
                    }
                });
            }
        };
    }

    private URI callflowsUri() {
        String base = baseUrl.get().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/api/v1/subaccounts/" + settings.subaccountId() + "/callflows");
    }

    static byte[] requestBody(ClaimedMessage m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("validUntil", VALID_UNTIL.format(m.validUntil()));
        root.put("clientRequestId", m.clientRequestId());
        ArrayNode callflow = root.putArray("callflow");
        ObjectNode makeCall = callflow.addObject();
        makeCall.put("action", "makeCall");
        makeCall.putObject("params").put("source", m.source()).put("destination", m.destination());
        ObjectNode play = callflow.addObject();
        if (m.text() != null) {
            play.put("action", "say");
            ObjectNode params = play.putObject("params");
            params.put("text", m.text());
            params.put("voiceProfile", m.voiceProfile());
            params.put("repetition", m.repetition());
            if (m.speed() != null) {
                params.put("speed", m.speed().stripTrailingZeros());
            }
        } else {
            play.put("action", "playFile");
            play.putObject("params").put("fileUrl", m.audioUrl()).put("repetition", m.repetition());
        }
        if (m.capture() == null) {
            callflow.addObject().put("action", "hangup");
        } else {
            // Ends the callflow: what follows is our answer to 8x8's call action webhook (the acknowledge feature).
            callflow.add(sayAndCapture(m));
        }
        return JSON.writeValueAsBytes(root);
    }

    /**
     * Every value given, since 8x8's pages disagree on the defaults (maxDigits 1 or 25, overallTimeout 5 s or 30 s,
     * noOfTries 1 or 3, completeOnHash true). Left out on purpose: successMessage (8x8 would say it for any key, the
     * wrong one included; our thanks follows the right key only), failureMessage (the prompt is simply repeated)
     * and digitTimeout (a pause between digits; there is only one).
     */
    private static ObjectNode sayAndCapture(ClaimedMessage m) {
        ObjectNode action = JSON.createObjectNode().put("action", "sayAndCapture");
        ObjectNode params = action.putObject("params");
        params.put("promptMessage", m.capture().prompt());
        params.put("voiceProfile", m.voiceProfile());
        params.put("speed", m.speed() == null ? java.math.BigDecimal.ONE : m.speed().stripTrailingZeros());
        params.put("minDigits", 1);
        params.put("maxDigits", 1);
        params.put("completeOnHash", false);
        params.put("overallTimeout", m.capture().timeoutMs());
        params.put("noOfTries", m.capture().tries());
        return action;
    }

    private static JsonNode readBody(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    static SendResult classify(int status, JsonNode body, String retryAfter, Instant now) {
        String sessionStatus = text(body, "sessionStatus");
        if (sessionStatus != null) {
            sessionStatus = sessionStatus.trim().toUpperCase(Locale.ROOT).replace(' ', '_');
        }
        Integer code = integer(body, "statusCode");
        String message = text(body, "statusMessage");
        boolean created = "CREATED".equals(sessionStatus);
        boolean notCreated = "NOT_CREATED".equals(sessionStatus);
        if (status >= 200 && status < 300 && created) {
            return new SendResult.Created(status, text(body, "sessionId"), text(body, "callFlowRequestId"), code,
                    message);
        }
        if (status == 401 || status == 403 || status == 404) {
            return new SendResult.AuthProblem(status, code, message);
        }
        if (notCreated && code != null && code < 0) {
            return new SendResult.Rejected(status, code, message);
        }
        Duration wait = retryAfterHeader(retryAfter, now);
        if (status == 429) {
            return new SendResult.Retryable(status, code, message, wait,
                    "HTTP 429 too many requests" + (retryAfter == null ? "" : ", Retry-After " + retryAfter));
        }
        if (status == 503 && !notCreated && wait != null) {
            // A 503 that says when to come back is the server refusing the request. A bare 503 promises nothing:
            // a proxy (Envoy's "upstream reset before headers") answers it after forwarding the request, so the
            // call may exist; it falls through to UNKNOWN below, like a bare 502 or 504.
            return new SendResult.Retryable(status, code, message, wait,
                    "HTTP 503 from 8x8 with Retry-After " + retryAfter + " (not handled)"
                            + (message == null ? "" : ": " + message));
        }
        if (status >= 500) {
            return notCreated
                    ? new SendResult.Retryable(status, code, message, wait,
                            "HTTP " + status + " NOT_CREATED" + (message == null ? "" : ": " + message))
                    : new SendResult.Unknown(status, code, message,
                            "HTTP " + status + " without a NOT_CREATED body: the callflow may have been created");
        }
        if (status >= 400) {
            // Refused before anything was created; a resend of the same body would be refused again.
            return new SendResult.Rejected(status, code, message == null ? "HTTP " + status : message);
        }
        return new SendResult.Unknown(status, code, message,
                "HTTP " + status + " without sessionStatus CREATED: the callflow may have been created");
    }

    /** A failure without an answer, when the body may have been written (what tests of old answers assume). */
    static SendResult classify(Exception e) {
        return classify(e, true);
    }

    /**
     * A failure without an HTTP answer.
     *
     * @param bodyRequested whether the HTTP client had asked for the callflow's bytes when it failed; if not, none
     *                      was written and nothing can have been created
     */
    static SendResult classify(Exception e, boolean bodyRequested) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new SendResult.Retryable(null, null, null, null, "connect timeout: nothing was sent");
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException) {
                return new SendResult.Retryable(null, null, null, null,
                        "could not connect to 8x8 (" + t.getClass().getSimpleName() + "): nothing was sent");
            }
        }
        if (!bodyRequested) {
            return new SendResult.Retryable(null, null, null, null, "failed before any byte of the callflow was"
                    + " written (" + rootMessage(e) + "): nothing was sent");
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) {
                return new SendResult.Unknown(null, null, null,
                        "read timeout: the callflow may have been created");
            }
        }
        return new SendResult.Unknown(null, null, null,
                "connection failed after the request left (" + rootMessage(e) + "): the callflow may have been created");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /**
     * The Retry-After header as a wait: null when absent, zero when present but unreadable (the server still said
     * "later", so the answer is treated as one with a Retry-After).
     */
    static Duration retryAfterHeader(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration d = retryAfter(value, now);
        return d == null ? Duration.ZERO : d;
    }

    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static String text(JsonNode body, String field) {
        if (body == null) {
            return null;
        }
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

    private static Integer integer(JsonNode body, String field) {
        if (body == null) {
            return null;
        }
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.intValue();
        }
        try {
            return Integer.valueOf(node.asString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
