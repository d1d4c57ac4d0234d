package com.example.voicegateway.web;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code +} written as it is in a query string ({@code ?destination=+6591234567}) reaches the gateway as a space,
 * as URL form encoding says; the value then breaks its rule for a reason the sender cannot see. A 400 naming such a
 * parameter says so and how to send it ({@code %2B}). Only parameters whose raw value holds a {@code +} get the hint,
 * and only when the value was refused: a {@code +} meant as a space is left alone.
 */
final class QueryPlusHint {

    static final String HINT = " (this parameter held an unencoded +, which a query string reads as a space: send +"
            + " URL-encoded, as %2B)";

    private QueryPlusHint() {
    }

    /** The violations, each one about a parameter sent with a raw {@code +} told so; the same list if none is. */
    static List<FieldViolation> apply(List<FieldViolation> violations, String rawQuery) {
        Set<String> withPlus = parametersWithPlus(rawQuery);
        if (withPlus.isEmpty() || violations.stream().noneMatch(v -> withPlus.contains(v.field()))) {
            return violations;
        }
        return violations.stream()
                .map(v -> withPlus.contains(v.field()) ? new FieldViolation(v.field(), v.message() + HINT) : v)
                .toList();
    }

    /** The decoded names of the parameters whose value, as sent, holds a literal {@code +}. */
    static Set<String> parametersWithPlus(String rawQuery) {
        Set<String> names = new HashSet<>();
        if (rawQuery == null || rawQuery.indexOf('+') < 0) {
            return names;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.indexOf('+', equals) > 0) {
                String name = QueryStringFilter.decode(pair.substring(0, equals));
                if (name != null) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
