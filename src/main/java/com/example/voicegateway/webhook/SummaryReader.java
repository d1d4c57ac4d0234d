package com.example.voicegateway.webhook;

import com.example.voicegateway.message.CallSummaryView;
import com.example.voicegateway.web.JsonErrorWords;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads 8x8's session summaries by hand from a JsonNode, because 8x8's own docs disagree on key case
 * ({@code callA}/{@code CallA}, {@code sourceRefId}/{@code SourceRefId}), types ({@code errorCode} as number or
 * string) and spellings. The app's strict JsonMapper would refuse half of the documented examples.
 */
final class SummaryReader {

    /** Our own mapper: only syntax matters here, and trailing garbage would not be valid jsonb either. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SummaryReader() {
    }

    /** Parses JSON text; throws {@link NotJsonException} when it is not JSON. */
    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new NotJsonException("the body is empty");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new NotJsonException("the body is empty");
            }
            return node;
        } catch (JacksonException e) {
            throw new NotJsonException(JsonErrorWords.reason(e));
        }
    }

    static JsonNode parse(String json) {
        return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static SessionSummary read(JsonNode root) {
        JsonNode payload = field(root, "payload");
        if (payload == null || !payload.isObject()) {
            // Lenient: some senders flatten the payload into the root.
            payload = root;
        }
        JsonNode errorDetails = field(payload, "errorDetails");
        return new SessionSummary(
                text(field(root, "eventType")),
                integer(field(root, "version")),
                text(field(payload, "sessionId")),
                text(field(payload, "clientRequestId")),
                text(field(payload, "sessionStatus")),
                instant(field(payload, "startTime")),
                instant(field(payload, "endTime")),
                text(field(payload, "lastAction")),
                integer(field(payload, "callCount")),
                integer(firstOf(errorDetails, "errorCode", "code")),
                text(firstOf(errorDetails, "errorMsg", "errorMessage", "message")),
                legs(field(payload, "details")));
    }

    private static List<SessionSummary.Leg> legs(JsonNode details) {
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

    private static SessionSummary.Leg leg(String name, JsonNode leg) {
        JsonNode quality = field(leg, "callQuality");
        CallSummaryView.CallQuality callQuality = quality == null || !quality.isObject() ? null
                : new CallSummaryView.CallQuality(decimal(field(quality, "mos")),
                        decimal(field(quality, "packetLossRate")), decimal(field(quality, "jitter")));
        return new SessionSummary.Leg(name,
                text(field(leg, "callId")),
                text(field(leg, "callDirection")),
                text(field(leg, "callStatus")),
                text(field(leg, "destination")),
                instant(field(leg, "initiatedTimestamp")),
                instant(field(leg, "connectedTimestamp")),
                instant(field(leg, "disconnectedTimestamp")),
                integer(field(leg, "callDuration")),
                callQuality);
    }

    /** The property of that name, matched exactly first and then ignoring case; null when absent. */
    static JsonNode field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static JsonNode firstOf(JsonNode object, String... names) {
        for (String name : names) {
            JsonNode value = field(object, name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    /** A scalar as text; JSON null, blanks and the string "null" (8x8's {@code SourceRefId}) are absent. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isContainer() || node.isMissingNode()) {
            return null;
        }
        String value = node.asString().trim();
        return value.isEmpty() || value.equalsIgnoreCase("null") ? null : value;
    }

    private static Integer integer(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return node.canConvertToInt() ? node.asInt() : null;
        }
        String value = text(node);
        // Anything longer is no int; it also keeps BigDecimal away from absurd exponents.
        if (value == null || value.length() > 32) {
            return null;
        }
        try {
            return new BigDecimal(value).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static Double decimal(JsonNode node) {
        if (node == null) {
            return null;
        }
        Double value;
        if (node.isNumber()) {
            value = node.asDouble();
        } else {
            String text = text(node);
            if (text == null) {
                return null;
            }
            try {
                value = Double.valueOf(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        // NaN and infinities are no JSON numbers: the message view could not show them.
        return value.isNaN() || value.isInfinite() ? null : value;
    }

    /** ISO 8601 with or without offset (8x8 sends {@code 2024-03-25T06:01:30Z}), or epoch milliseconds. */
    private static Instant instant(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            // 1e300 or 1.5e19 is no epoch millisecond: unreadable, like any other odd value.
            return node.canConvertToLong() ? Instant.ofEpochMilli(node.asLong()) : null;
        }
        String value = text(node);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    // No zone at all: 8x8 works in UTC.
                    return java.time.LocalDateTime.parse(value).toInstant(java.time.ZoneOffset.UTC);
                } catch (DateTimeParseException unreadable) {
                    return null;
                }
            }
        }
    }

    /** The body is not JSON at all: answered 400, nothing to store. */
    static final class NotJsonException extends RuntimeException {
        NotJsonException(String message) {
            super(message);
        }
    }
}
