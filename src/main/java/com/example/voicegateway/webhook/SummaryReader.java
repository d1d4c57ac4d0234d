package com.example.voicegateway.webhook;

import com.example.voicegateway.config.EightByEightJson;
import com.example.voicegateway.message.CallSummaryView;
import com.example.voicegateway.web.JsonErrorWords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads 8x8's session summaries into {@link SessionSummary} through {@link SummaryJson} and the 8x8 mapper, which
 * takes every documented spelling; what is left here is what no mapper setting says: the payload flattened into the
 * root, the legs' names, and the string "null" (8x8's {@code SourceRefId}) and blanks as absent.
 */
@Component
class SummaryReader {

    private final JsonMapper json;

    SummaryReader(@EightByEightJson JsonMapper json) {
        this.json = json;
    }

    /** Parses JSON text; throws {@link NotJsonException} when it is not JSON. */
    JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new NotJsonException("the body is empty");
        }
        try {
            // Trailing garbage would not be valid jsonb either.
            JsonNode node = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new NotJsonException("the body is empty");
            }
            return node;
        } catch (JacksonException e) {
            throw new NotJsonException(JsonErrorWords.reason(e));
        }
    }

    JsonNode parse(String body) {
        return parse(body.getBytes(StandardCharsets.UTF_8));
    }

    SessionSummary read(JsonNode root) {
        SummaryJson envelope = root != null && root.isObject() ? json.treeToValue(root, SummaryJson.class) : null;
        if (envelope == null) {
            envelope = new SummaryJson(null, null, null);
        }
        // Lenient: some senders flatten the payload into the root.
        JsonNode payloadNode = envelope.payload() != null && envelope.payload().isObject() ? envelope.payload() : root;
        SummaryJson.Payload payload = payloadNode != null && payloadNode.isObject()
                ? json.treeToValue(payloadNode, SummaryJson.Payload.class) : null;
        if (payload == null) {
            payload = new SummaryJson.Payload(null, null, null, null, null, null, null, null, null);
        }
        SummaryJson.ErrorDetails error = payload.errorDetails();
        return new SessionSummary(
                text(envelope.eventType()),
                envelope.version(),
                text(payload.sessionId()),
                text(payload.clientRequestId()),
                text(payload.sessionStatus()),
                payload.startTime(),
                payload.endTime(),
                text(payload.lastAction()),
                payload.callCount(),
                error == null ? null : error.firstCode(),
                error == null ? null : text(error.firstMessage()),
                legs(payload.details()));
    }

    private List<SessionSummary.Leg> legs(JsonNode details) {
        List<SessionSummary.Leg> legs = new ArrayList<>();
        if (details == null) {
            return legs;
        }
        if (details.isObject()) {
            for (Map.Entry<String, JsonNode> entry : details.properties()) {
                if (entry.getValue().isObject()) {
                    legs.add(leg(legName(entry.getKey()), entry.getValue()));
                }
            }
            // callA before callB whatever order (and case) 8x8 used.
            legs.sort(Comparator.comparing(leg -> leg.name().toLowerCase(Locale.ROOT)));
        } else if (details.isArray()) {
            for (int i = 0; i < details.size(); i++) {
                if (details.get(i).isObject()) {
                    legs.add(leg("call" + (char) ('A' + Math.min(i, 25)), details.get(i)));
                }
            }
        }
        return legs;
    }

    /** {@code CallA} and {@code callA} are the same leg: shown as {@code callA}. */
    private static String legName(String key) {
        if (key.length() > 4 && key.regionMatches(true, 0, "call", 0, 4)) {
            return "call" + key.substring(4);
        }
        return key;
    }

    private SessionSummary.Leg leg(String name, JsonNode node) {
        SummaryJson.Leg leg = json.treeToValue(node, SummaryJson.Leg.class);
        SummaryJson.Quality quality = leg.callQuality();
        return new SessionSummary.Leg(name, text(leg.callId()), text(leg.callDirection()), text(leg.callStatus()),
                text(leg.destination()), leg.initiatedTimestamp(), leg.connectedTimestamp(),
                leg.disconnectedTimestamp(), leg.callDuration(), quality == null ? null
                        : new CallSummaryView.CallQuality(quality.mos(), quality.packetLossRate(), quality.jitter()));
    }

    /** A text as sent, trimmed; blanks and the string "null" (8x8's {@code SourceRefId}) are absent. */
    private static String text(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() || trimmed.equalsIgnoreCase("null") ? null : trimmed;
    }

    /** The body is not JSON at all: answered 400, nothing to store. */
    static final class NotJsonException extends RuntimeException {
        NotJsonException(String message) {
            super(message);
        }
    }
}
