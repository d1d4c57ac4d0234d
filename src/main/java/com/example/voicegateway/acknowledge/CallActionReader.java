package com.example.voicegateway.acknowledge;

import com.example.voicegateway.config.EightByEightJson;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads 8x8's CALL_ACTION through {@link CallActionJson} and the 8x8 mapper, and never throws: whatever cannot be
 * read is absent, because the caller must answer 8x8 whatever arrived.
 */
@Component
class CallActionReader {

    /** Longest id kept: 8x8's ids are UUIDs; the raw body keeps anything longer. */
    static final int MAX_ID = 255;

    private final JsonMapper json;

    CallActionReader(@EightByEightJson JsonMapper json) {
        this.json = json;
    }

    /** The body as JSON, or null when it is not a JSON object. Text after the object is let pass. */
    JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    CallActionEvent read(JsonNode root) {
        if (root == null) {
            return CallActionEvent.UNREADABLE;
        }
        try {
            CallActionJson event = json.treeToValue(root, CallActionJson.class);
            CallActionJson.Payload payload = event.payload();
            if (payload == null) {
                return new CallActionEvent(true, id(event.eventType()), null, null, null, null);
            }
            String dtmf = payload.eventData() == null ? null : payload.eventData().dtmf();
            if (dtmf == null) {
                dtmf = payload.dtmf();
            }
            return new CallActionEvent(true, id(event.eventType()), id(payload.eventId()), id(payload.sessionId()),
                    id(payload.callId()), key(dtmf));
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
}
