package com.example.voicegateway.web;

import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * Why a body is not JSON, in words a client can act on. Jackson's own messages name Java types, parser settings
 * ("enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS`") and internal limits: those are about the server, and a
 * problem never shows them. What is left of Jackson's sentence is kept when it is plain; otherwise a plain one.
 */
public final class JsonErrorWords {

    /** Jackson's advice to whoever configures the parser, never to the sender. */
    private static final Pattern HINTS = Pattern.compile(":\\s*enable\\s+`[^`]*`\\s+to allow.*$"
            + "|\\s*\\(not recognized as one since .*$|\\s*\\(start marker at .*$|\\s*\\(for [^)]*\\)"
            + "|\\s*\\(through reference chain.*$");
    /** What must never reach a client: anything still naming a class, a setting or a token type. */
    private static final Pattern INTERNALS = Pattern.compile("`|[a-z]+\\.[a-z]+\\.[A-Za-z]|Feature|Constraints"
            + "|JsonToken|Exception|\\[Source:");

    private JsonErrorWords() {
    }

    /** "Unexpected character ('}' (code 125)): was expecting a colon ... (line 1, column 7)" and the like. */
    public static String reason(JacksonException e) {
        String words = words(e);
        TokenStreamLocation at = e.getLocation();
        return at != null && at.getLineNr() > 0
                ? words + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : words;
    }

    private static String words(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            return "it goes over a size limit (nesting depth, or the length of a number, a string or a name)";
        }
        String message = e.getOriginalMessage();
        message = message == null ? "" : message.lines().findFirst().orElse("");
        if (message.startsWith("Trailing token")) {
            return "more follows the JSON value; a body holds exactly one";
        }
        if (message.startsWith("No content to map")) {
            return "it is empty";
        }
        message = HINTS.matcher(message).replaceAll("").strip();
        return message.isEmpty() || INTERNALS.matcher(message).find() ? "it is not well-formed JSON" : message;
    }
}
