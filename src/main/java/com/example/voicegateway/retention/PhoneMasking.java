package com.example.voicegateway.retention;

import com.example.voicegateway.message.PhoneNumbers;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Masks the phone numbers inside stored text and JSON the way the logs show them ({@link PhoneNumbers#mask}): the
 * country code and the last four digits stay, so ops can still tell calls apart, but no number can be dialled.
 */
final class PhoneMasking {

    /**
     * A run of 6 to 15 digits, optionally after a {@code +}, standing on its own: not part of a longer run, a word,
     * a UUID segment or a timestamp. Shorter runs (codes, durations, years) are not numbers one can call.
     */
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w+\\-.:])\\+?[0-9]{6,15}(?![\\w\\-.:])");

    private PhoneMasking() {
    }

    /** The text with every number masked; the same instance when there was none. */
    static String maskText(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = NUMBER.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(PhoneNumbers.mask(matcher.group())));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }

    /** Masks numbers in every string value (keys are 8x8's names, never data) and returns the same node. */
    static JsonNode maskJson(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                JsonNode value = object.get(name);
                if (value.isString()) {
                    object.put(name, maskText(value.asString()));
                } else {
                    maskJson(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isString()) {
                    array.set(i, array.stringNode(maskText(value.asString())));
                } else {
                    maskJson(value);
                }
            }
        }
        return node;
    }
}
