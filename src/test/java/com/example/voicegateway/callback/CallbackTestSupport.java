package com.example.voicegateway.callback;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The receiving side of callbacks in tests: WireMock, and the library's own verifier. */
final class CallbackTestSupport {

    /** 32 fixed bytes, so the secret can stand in a property; a receiver's secret is random. */
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    static final String HOOK = "/hook";
    static final WireMockServer RECEIVER = new WireMockServer(options().dynamicPort());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        RECEIVER.start();
    }

    private CallbackTestSupport() {
    }

    static String hookUrl() {
        return "http://127.0.0.1:" + RECEIVER.port() + HOOK;
    }

    static List<LoggedRequest> received() {
        return RECEIVER.findAll(postRequestedFor(urlPathEqualTo(HOOK)));
    }

    static List<LoggedRequest> receivedFor(String messageId) {
        return received().stream().filter(r -> r.getBodyAsString().contains(messageId)).toList();
    }

    /** Verifies the request as a receiver would, with the Standard Webhooks library; returns the parsed body. */
    static JsonNode verified(LoggedRequest request) {
        Map<String, List<String>> headers = Map.of(
                "webhook-id", List.of(request.getHeader("webhook-id")),
                "webhook-timestamp", List.of(request.getHeader("webhook-timestamp")),
                "webhook-signature", List.of(request.getHeader("webhook-signature")));
        try {
            new Webhook(SECRET).verify(request.getBodyAsString(), headers);
        } catch (WebhookVerificationException e) {
            throw new AssertionError("signature did not verify: " + e.getMessage(), e);
        }
        return JSON.readTree(request.getBodyAsString());
    }
}
