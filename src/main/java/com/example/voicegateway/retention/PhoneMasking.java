package com.example.voicegateway.retention;

import com.example.voicegateway.phone.PhoneNumbers;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Masks the phone numbers inside stored text and JSON the way the logs show them ({@link PhoneNumbers#mask}): the
 * country code and the last four digits stay, so ops can still tell calls apart, but no number can be dialled.
 *
 * <p>A number is found however it is spelled, not only in E.164: with {@code +}, {@code 00} or a URL's {@code %2B}
 * in front; its digits in groups joined by spaces, dots, dashes or a URL's {@code %20}, a group in parentheses; on
 * its own or inside a URI ({@code tel:+65…}, {@code sip:+65…@host}, {@code ?to=+65…}). Public because the webhooks
 * store deliveries that arrive after their message was erased masked straight away ({@link LateDeliveries}).
 */
public final class PhoneMasking {

    private static final String SEPARATOR = "(?:[ .\\-\\u00A0]|%20)";
    private static final String GROUP = "(?:\\d++|\\(\\+?\\d{1,5}\\))";

    /**
     * A candidate: digit groups with single separators between them, standing on its own. A {@code +} (or
     * {@code %2B}) may follow anything but a digit; a bare digit must not continue a word, a longer number or a
     * dash- or dot-joined id (a UUID's all-digit segment). It must not be followed by more of a word, a number or an
     * id ({@code 2024-03-25T06:01}, a UUID going on with a letter) or a time's {@code :30}. Possessive, so a
     * candidate that would end badly is dropped whole rather than shortened into a false one.
     */
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?:(?<![0-9+])(?:\\+|%2[Bb])|(?<![\\w+%])(?<!\\w[.\\-]))"
                    + GROUP + "(?:" + SEPARATOR + "?" + GROUP + ")*+"
                    + "(?!\\w|[.\\-]\\w|" + SEPARATOR + "\\(?\\d|[:/]\\d)");

    /** Written with separators, things other than numbers: dates, IPv4 addresses, decimals. */
    private static final List<Pattern> NOT_NUMBERS = List.of(
            Pattern.compile("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}"),
            Pattern.compile("\\d{1,2}[-./]\\d{1,2}[-./]\\d{4}"),
            Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}"),
            Pattern.compile("\\d+\\.\\d+"));

    /** A bare run as short as 6 digits was always masked; a spelled-out one needs 7, as short groups are common. */
    static final int MIN_BARE_DIGITS = 6;
    static final int MIN_SPELLED_DIGITS = 7;
    /** E.164's longest; a bare run longer than that is an id. A spelled-out one is masked anyway (two numbers?). */
    static final int MAX_DIGITS = 15;

    private PhoneMasking() {
    }

    /** The text with every number masked; the same instance when there was none. */
    public static String maskText(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = CANDIDATE.matcher(text);
        StringBuilder out = null;
        while (matcher.find()) {
            String masked = masked(matcher.group());
            if (masked == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(masked));
        }
        if (out == null) {
            return text;
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Masks numbers in every string value (keys are 8x8's names, never data) and returns the same node. */
    public static JsonNode maskJson(JsonNode node) {
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

    /** The candidate masked, or null when it is no phone number. */
    private static String masked(String candidate) {
        boolean international = candidate.startsWith("+") || candidate.startsWith("(+")
                || candidate.regionMatches(true, 0, "%2B", 0, 3);
        String digits = candidate.replaceAll("%2[Bb]|%20|\\D", "");
        if (!international && digits.startsWith("00")) {
            international = true;
            digits = digits.substring(2);
        }
        boolean bare = candidate.matches("\\+?\\d+");
        if (digits.length() < (bare ? MIN_BARE_DIGITS : MIN_SPELLED_DIGITS) || (bare && digits.length() > MAX_DIGITS)) {
            return null;
        }
        if (!international && NOT_NUMBERS.stream().anyMatch(p -> p.matcher(candidate).matches())) {
            return null;
        }
        if (!international && !bare) {
            // A national spelling ("9123 7777"): its leading digits are no country code, so none is shown.
            return "****" + digits.substring(digits.length() - 4);
        }
        return PhoneNumbers.mask(international ? "+" + digits : digits);
    }
}
