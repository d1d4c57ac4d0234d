package com.example.voicegateway.template.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a placeholder's value is spoken. The names are what a template writes after the colon. */
enum PlaceholderType {
    /** As given. */
    TEXT,
    /** Each digit apart, in groups: a one-time code, a parcel number. */
    DIGITS,
    /** A number in words, in the template's language. */
    NUMBER,
    /** A sum of money with its ISO 4217 currency, in words. */
    AMOUNT,
    /** A calendar date. */
    DATE,
    /** A time of day, in the recipient's zone when the value names an instant. */
    TIME,
    /** A date and a time, in the recipient's zone. */
    DATETIME,
    /** Letters and digits one by one: a booking reference. */
    SPELL,
    /** A phone number read in the groups its country writes it in. */
    PHONE;

    static final String NAMES = Arrays.stream(values()).map(PlaceholderType::word).collect(Collectors.joining(", "));

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a template names, or null. */
    static PlaceholderType of(String word) {
        for (PlaceholderType type : values()) {
            if (type.word().equals(word)) {
                return type;
            }
        }
        return null;
    }

    /** Needs the recipient's zone when its value is an instant. */
    boolean zoned() {
        return this == TIME || this == DATETIME;
    }

    /** Spoken in words through ICU's spellout rules, when the language has them. */
    boolean spelledOut() {
        return this == NUMBER || this == AMOUNT;
    }
}
