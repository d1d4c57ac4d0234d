package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.EightByEightBaseUrl;
import com.example.voicegateway.config.EightByEightJson;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.message.ClaimedMessage;
import io.micrometer.observation.ObservationRegistry;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts one callflow to 8x8 and says what the answer means. Never retries by itself: whether a second POST is safe
 * is the dispatcher's decision, and only a {@link SendResult.Retryable} allows it.
 *
 * <p>Boot's {@link RestClient} (its customizers, not its observations) over the JDK client, through
 * {@link BodyDemandWatch}, which tells a failure before any byte of the callflow was asked for (nothing sent) from
 * one after (the outcome is unknown).
 */
@Component
class EightByEightClient {

    private final RestClient http;
    private final JsonMapper json;
    private final EightByEightBaseUrl baseUrl;
    private final EightByEightProperties settings;
    private final Clock clock;

    EightByEightClient(EightByEightBaseUrl baseUrl, EightByEightProperties settings, Clock clock,
            RestClient.Builder builder, @EightByEightJson JsonMapper json) {
        this.clock = clock;
        this.settings = settings;
        this.baseUrl = baseUrl;
        this.json = json;
        // HTTP/1.1 explicitly: the JDK client would otherwise try an h2c upgrade on plain http. The JDK never
        // retries a POST by itself (jdk.httpclient.enableAllMethodRetry stays unset): whether a second POST is safe
        // is the dispatcher's decision.
        HttpClient jdk = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
        // Spring's body writer (a thread per request by default) is never started: the watch hands the JDK the
        // callflow's bytes itself (see BodyDemandWatch).
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(new BodyDemandWatch(jdk));
        factory.setReadTimeout(settings.readTimeout());
        // An answer is a few hundred bytes: gzip would cost CPU at both ends for nothing.
        factory.enableCompression(false);
        // No observation per POST: DispatchMetrics already times each one (voice_gateway.eightbyeight.latency, by
        // outcome), and a second timer on the dispatch path only costs CPU.
        this.http = builder.clone().observationRegistry(ObservationRegistry.NOOP).requestFactory(factory).build();
    }

    SendResult send(ClaimedMessage message) {
        // A byte[] body goes out with a Content-Length, never chunked (a record would be streamed chunked).
        byte[] body = requestBody(json, message);
        BodyDemandWatch.Demand demand = new BodyDemandWatch.Demand(body);
        try {
            return BodyDemandWatch.watching(demand, () -> http.post()
                    .uri(callflowsUri())
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + (settings.apiKey() == null ? "" : settings.apiKey()))
                    .body(body)
                    .exchange((request, response) -> answered(response.getStatusCode().value(),
                            CallflowAnswer.read(json, response.getBody().readAllBytes()), response.getHeaders(),
                            clock.instant()), true));
        } catch (RuntimeException e) {
            // Sealed before the body was asked for, it never will be (the JDK may still be working on the exchange
            // after Spring's read timeout or an interrupt gave up on it): only then is "nothing sent" a proof.
            return classify(e, !demand.seal());
        }
    }

    private URI callflowsUri() {
        String base = baseUrl.get().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/api/v1/subaccounts/" + settings.subaccountId() + "/callflows");
    }

    static byte[] requestBody(JsonMapper json, ClaimedMessage m) {
        return json.writeValueAsBytes(Callflow.of(m));
    }

    static SendResult answered(int status, CallflowAnswer body, HttpHeaders headers, Instant now) {
        return meaning(status, body, headers.getFirst(HttpHeaders.RETRY_AFTER), retryAfterHeader(headers, now));
    }

    /** What 8x8's answer means; {@code wait} is the Retry-After header as a wait (null without one). */
    private static SendResult meaning(int status, CallflowAnswer body, String retryAfter, Duration wait) {
        String sessionStatus = body == null ? null : body.status();
        Integer code = body == null ? null : body.statusCode();
        String message = body == null ? null : body.statusMessage();
        boolean created = "CREATED".equals(sessionStatus);
        boolean notCreated = "NOT_CREATED".equals(sessionStatus);
        if (status >= 200 && status < 300 && created) {
            return new SendResult.Created(status, body.sessionId(), body.callFlowRequestId(), code, message);
        }
        if (status == 401 || status == 403 || status == 404) {
            return new SendResult.AuthProblem(status, code, message);
        }
        if (notCreated && code != null && code < 0) {
            return new SendResult.Rejected(status, code, message);
        }
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
    static Duration retryAfterHeader(HttpHeaders headers, Instant now) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration d = retryAfter(headers, now);
        return d == null ? Duration.ZERO : d;
    }

    /** Retry-After as delay-seconds or as an HTTP date (any of the three forms HTTP allows, read by Spring). */
    private static Duration retryAfter(HttpHeaders headers, Instant now) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = headers.getFirstZonedDateTime(HttpHeaders.RETRY_AFTER);
                Duration d = Duration.between(now, at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (IllegalArgumentException unreadable) {
                return null;
            }
        }
    }
}
