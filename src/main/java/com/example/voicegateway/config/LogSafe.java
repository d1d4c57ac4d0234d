package com.example.voicegateway.config;

/**
 * Text as it may appear in a log line: every control character (C0, DEL, C1) and the Unicode line and paragraph
 * separators written as escapes ({@code \n}, {@code \r}, {@code \t}, {@code \u0000}), so a value from outside can
 * never end a log line, start a forged one or drive a terminal. {@link EscapedMessageConverter} applies it to every
 * log message.
 */
public final class LogSafe {

    private LogSafe() {
    }

    public static String escape(String text) {
        if (text == null || !needsEscaping(text)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                default -> {
                    if (isUnsafe(c)) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    private static boolean needsEscaping(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || isUnsafe(c)) {
                return true;
            }
        }
        return false;
    }

    /** A tab cannot end a line and is left alone; every other control character and separator is escaped. */
    private static boolean isUnsafe(char c) {
        return (Character.isISOControl(c) && c != '\t') || c == '\u2028' || c == '\u2029';
    }
}
