package com.example.voicegateway.acknowledge;

import java.util.Locale;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads 8x8's CALL_ACTION leniently (voice-call-action-webhook-guide): field names in any case, {@code eventData}
 * as documented ({@code {"dtmf": "1"}}) or as a bare string (a third-party sample), and never throws: whatever
 * cannot be read is absent, because the caller must answer 8x8 whatever arrived.
 */
final class CallActionReader {

    /** Longest id kept: 8x8's ids are UUIDs; the raw body keeps anything longer. */
    static final int MAX_ID = 255;

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CallActionReader() {
    }

    /** The body as JSON, or null when it is not a JSON object. */
    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    static CallActionEvent read(JsonNode root) {
        if (root == null) {
            return CallActionEvent.UNREADABLE;
        }
        try {
            JsonNode payload = field(root, "payload");
            JsonNode data = field(payload, "eventData");
            String dtmf = data != null && data.isObject() ? text(field(data, "dtmf")) : text(data);
            if (dtmf == null) {
                dtmf = text(field(payload, "dtmf"));
            }
            return new CallActionEvent(true, id(text(field(root, "eventType"))), id(text(field(payload, "eventId"))),
                    id(text(field(payload, "sessionId"))), id(text(field(payload, "callId"))), key(dtmf));
        } catch (RuntimeException unexpected) {
            return CallActionEvent.UNREADABLE;
        }
    }

    /**
     * One key as reported: without surrounding white space; empty or the string "null" is no key; a longer entry is
     * kept as sent (cut). {@code strip}, not {@code trim}: trim would also drop a NUL, which must be refused instead.
     */
    static String key(String dtmf) {
        if (dtmf == null) {
            return null;
        }
        String trimmed = dtmf.strip();
        if (trimmed.isEmpty() || trimmed.toLowerCase(Locale.ROOT).equals("null")) {
            return null;
        }
        return trimmed.length() > 32 ? trimmed.substring(0, 32) : trimmed;
    }

    private static String id(String value) {
        return value == null || value.length() > MAX_ID ? null : value;
    }

    static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (String candidate : node.propertyNames()) {
            if (candidate.equalsIgnoreCase(name)) {
                return node.get(candidate);
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isContainer()) {
            return null;
        }
        return node.asString();
    }
}
