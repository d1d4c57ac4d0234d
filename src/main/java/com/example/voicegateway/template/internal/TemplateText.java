package com.example.voicegateway.template.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with {@code ((name:type))} placeholders, parsed once. {@code ((name))} is {@code text}. Every {@code ((} must
 * open a placeholder: a text cannot hold a stray one, so a typo never reaches a listener as "open bracket".
 */
final class TemplateText {

    static final String NAME_RULE = "a letter followed by up to 63 letters, digits or underscores";
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\(\\(([^()]*)\\)\\)");

    /** Literal text ({@code name} null) or a placeholder. */
    record Part(String literal, String name, PlaceholderType type) {
    }

    /** Raised by {@link #parse} with every problem of the text, in the order found. */
    static final class Invalid extends IllegalArgumentException {

        private final List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    private final List<Part> parts;
    private final Map<String, PlaceholderType> placeholders;

    private TemplateText(List<Part> parts, Map<String, PlaceholderType> placeholders) {
        this.parts = parts;
        this.placeholders = placeholders;
    }

    List<Part> parts() {
        return parts;
    }

    /** Each placeholder's name and type, in the order they first appear. */
    Map<String, PlaceholderType> placeholders() {
        return placeholders;
    }

    static TemplateText parse(String text) {
        List<String> problems = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        Map<String, PlaceholderType> placeholders = new LinkedHashMap<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int at = 0;
        while (matcher.find()) {
            literal(text.substring(at, matcher.start()), parts, problems);
            at = matcher.end();
            String inside = matcher.group(1);
            int colon = inside.indexOf(':');
            String name = (colon < 0 ? inside : inside.substring(0, colon)).strip();
            String typeWord = colon < 0 ? "text" : inside.substring(colon + 1).strip();
            PlaceholderType type = PlaceholderType.of(typeWord);
            if (!NAME.matcher(name).matches()) {
                problems.add("placeholder ((" + inside + ")) must be named by " + NAME_RULE);
                continue;
            }
            if (type == null) {
                problems.add("placeholder ((" + inside + ")) has an unknown type '" + typeWord + "': use one of "
                        + PlaceholderType.NAMES);
                continue;
            }
            PlaceholderType before = placeholders.putIfAbsent(name, type);
            if (before != null && before != type) {
                problems.add("placeholder '" + name + "' is used as " + before.word() + " and as " + type.word());
            }
            parts.add(new Part(null, name, type));
        }
        literal(text.substring(at), parts, problems);
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return new TemplateText(Collections.unmodifiableList(parts), Collections.unmodifiableMap(placeholders));
    }

    private static void literal(String literal, List<Part> parts, List<String> problems) {
        int open = literal.indexOf("((");
        int close = literal.indexOf("))");
        if (open >= 0) {
            problems.add("'((' at '" + excerpt(literal, open) + "' opens no placeholder: write ((name:type))");
        } else if (close >= 0) {
            problems.add("'))' at '" + excerpt(literal, close) + "' closes no placeholder");
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(literal, null, null));
        }
    }

    private static String excerpt(String text, int at) {
        return text.substring(at, Math.min(text.length(), at + 20));
    }
}
