package com.example.voicegateway.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * 8x8's side of the Voice Call Action webhook: the CALL_ACTION event in its documented shape
 * (voice-call-action-webhook-guide), posted once, and the answer read as the rest of the callflow.
 */
final class CallActions {

    /** What the answer told the simulated call to do: say {@code thanks} (null: nothing), then hang up. */
    record Answer(String thanks, double thanksSpeed, boolean understood) {
        static final Answer NONE = new Answer(null, 1.0, false);
    }

    // The emulator speaks 8x8's JSON: the same mapper the gateway reads it with.
    private final JsonMapper json;
    private final HttpClient http;

    CallActions(HttpClient http, JsonMapper json) {
        this.json = json;
        this.http = http;
    }

    static Map<String, Object> event(String sessionId, String callId, String subAccountId,
            CallflowRules.Accepted request, String dtmf, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("dtmf", dtmf);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("eventId", UUID.randomUUID().toString());
        payload.put("callId", callId);
        payload.put("sessionId", sessionId);
        payload.put("subAccountId", subAccountId);
        payload.put("callStatus", "ACTION_COMPLETED");
        payload.put("callDirection", "OUTBOUND");
        payload.put("callType", "PSTN");
        payload.put("source", request.source());
        payload.put("destination", request.destination());
        payload.put("sourceFormat", "MSISDN");
        payload.put("destinationFormat", "MSISDN");
        payload.put("callDuration", 0);
        payload.put("eventData", data);
        payload.put("sipCode", 200);
        payload.put("timestamp", at.toString());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("namespace", "VOICE");
        root.put("eventType", "CALL_ACTION");
        root.put("description", "Action request of a call");
        root.put("payload", payload);
        return root;
    }

    /** Posts the event; {@link Answer#NONE} when no usable answer came (then the call just ends). */
    Answer post(WebhookRegistry.Webhook webhook, Map<String, Object> event) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhook.url()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(event)));
        if (webhook.httpAuthHeader() != null) {
            request.header("Authorization", webhook.httpAuthHeader());
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? read(response.body()) : Answer.NONE;
        } catch (IOException e) {
            return Answer.NONE;
        }
    }

    /** The callflow of the answer: a say is spoken, whatever follows it the call ends (8x8 hangs up at the end). */
    Answer read(byte[] body) {
        JsonNode callflow;
        try {
            callflow = json.readTree(body).get("callflow");
        } catch (RuntimeException notJson) {
            return Answer.NONE;
        }
        if (callflow == null || !callflow.isArray()) {
            return Answer.NONE;
        }
        String thanks = null;
        double speed = 1.0;
        for (JsonNode action : callflow) {
            JsonNode params = action.get("params");
            if ("say".equals(action.path("action").asString(null)) && params != null && params.has("text")) {
                thanks = params.get("text").asString();
                speed = params.has("speed") ? params.get("speed").asDouble(1.0) : 1.0;
            }
        }
        return new Answer(thanks, speed, true);
    }
}
