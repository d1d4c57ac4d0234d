package com.example.voicegateway.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.JsonNode;

/**
 * The one rule for text from outside that PostgreSQL cannot store: U+0000. Its text types refuse it (and jsonb
 * refuses the {@code \u0000} escape), so a NUL that reached a query surfaced as a 500, or as a database outage.
 * Applied once per way in: query and form parameters and headers ({@link NulCharacterFilter}), JSON request bodies
 * (the strict reader's string deserializer, {@link NulRefusingStrings}), a broadcast's CSV upload
 * ({@code message.internal.BroadcastCsv}: the cell's row is invalid), and 8x8's webhooks, read as trees
 * ({@link #firstNulPath(JsonNode)}). A hit is bad input: a 400 naming the field.
 */
public final class NulRule {

    public static final String MESSAGE = "must not contain NUL (U+0000)";

    private NulRule() {
    }

    public static boolean holdsNul(CharSequence text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\0') {
                return true;
            }
        }
        return false;
    }

    /** The 400 for a field, parameter or header holding NUL, in the shape of every other 400. */
    public static ErrorResponseException refused(String field) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST,
                InvalidInput.problem(List.of(new FieldViolation(field, MESSAGE))), null);
    }

    /**
     * The path ({@code payload.details.callA.callId}, {@code legs[1]}) of the first string value or property name in
     * the tree that holds NUL, in document order; null when there is none.
     */
    public static String firstNulPath(JsonNode node) {
        return firstNulPath(node, "");
    }

    private static String firstNulPath(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return holdsNul(node.stringValue()) ? orRoot(path) : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = firstNulPath(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String child = path.isEmpty() ? shown(property.getKey()) : path + "." + shown(property.getKey());
                if (holdsNul(property.getKey())) {
                    return child;
                }
                String found = firstNulPath(property.getValue(), child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** A name as it can be shown: the NUL spelt as JSON spells it. */
    static String shown(String name) {
        return name.replace("\0", "\\u0000");
    }

    private static String orRoot(String path) {
        return path.isEmpty() ? "body" : path;
    }
}
