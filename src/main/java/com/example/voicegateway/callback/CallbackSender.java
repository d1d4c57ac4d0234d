package com.example.voicegateway.callback;

import com.example.voicegateway.config.CallbacksProperties;
import com.example.voicegateway.config.GatewayProperties;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * One signed POST of one event. Signed per attempt (Standard Webhooks: the timestamp is the attempt's, so receivers
 * can refuse replays), with the same {@code webhook-id} every time. Redirects are not followed: a receiver that moved
 * must be reconfigured, not silently chased to another host.
 */
@Component
class CallbackSender {

    /** What one attempt came to; {@code httpStatus} is null when no answer came. */
    record Result(boolean delivered, boolean gone, Integer httpStatus, String error) {

        static Result answered(int status) {
            boolean ok = status >= 200 && status < 300;
            return new Result(ok, status == 410, status, ok ? null : "HTTP " + status);
        }

        static Result noAnswer(String error) {
            return new Result(false, false, null, error);
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    CallbackSender(GatewayProperties properties, Clock clock) {
        CallbacksProperties callbacks = properties.callbacks();
        this.timeout = callbacks.timeout();
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    Result send(CallbackStore.Claimed event, String secret) {
        long timestamp = clock.instant().getEpochSecond();
        String signature;
        try {
            signature = new Webhook(secret).sign(event.id().toString(), timestamp, event.payload());
        } catch (WebhookSigningException | IllegalArgumentException e) {
            // Never the secret or the library's message, which might quote it.
            return Result.noAnswer("could not sign with the client's callback-secret");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(event.url()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "voice-gateway-callbacks")
                .header("webhook-id", event.id().toString())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(event.payload(), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return Result.answered(response.statusCode());
        } catch (HttpConnectTimeoutException e) {
            return Result.noAnswer("connect timed out after " + timeout.toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return Result.noAnswer("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            // The class only: a message could quote the URL, which may carry the receiver's token.
            return Result.noAnswer("connection failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.noAnswer("interrupted (shutting down)");
        }
    }
}
