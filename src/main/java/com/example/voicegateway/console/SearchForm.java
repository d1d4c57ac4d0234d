package com.example.voicegateway.console;

import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.phone.PhoneNumbers;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What an operator typed into the search form, as typed (so the form shows it back), and what it means.
 * Times are UTC, as the console shows every time.
 */
record SearchForm(String id, String destination, String clientReference, String client, String status, String from,
        String to, Integer page) {

    private static final Pattern NUMBER_PUNCTUATION = Pattern.compile("[\\s().\\-/]");
    private static final LocalDateTime EARLIEST = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final LocalDateTime LATEST = LocalDateTime.of(9999, 1, 1, 0, 0);

    record Criteria(UUID id, String destinationE164, String destinationDigits, String clientReference, String client,
            String status, Instant from, Instant to, int page) {
    }

    record Parsed(Criteria criteria, List<String> errors) {
    }

    Parsed parse() {
        List<String> errors = new ArrayList<>();
        UUID parsedId = null;
        if (present(id)) {
            try {
                parsedId = UUID.fromString(id.strip());
            } catch (IllegalArgumentException e) {
                errors.add("Message id: not a message id (like 97fc70d1-ca16-4c9f-919b-e3ae20c27d83).");
            }
        }
        String e164 = null;
        String digits = null;
        if (present(destination)) {
            String typed = NUMBER_PUNCTUATION.matcher(destination.strip()).replaceAll("");
            if (typed.startsWith("00")) {
                typed = "+" + typed.substring(2);
            }
            e164 = typed.startsWith("+") ? PhoneNumbers.toE164(typed).orElse(null) : null;
            if (e164 == null) {
                String onlyDigits = typed.startsWith("+") ? typed.substring(1) : typed;
                if (onlyDigits.matches("[0-9]{4,15}")) {
                    digits = onlyDigits.replaceFirst("^0+", "");
                } else {
                    errors.add("Destination: type the number with digits (at least four), e.g. +65 9123 4567.");
                }
            }
        }
        String parsedStatus = null;
        if (present(status)) {
            try {
                parsedStatus = MessageStatus.valueOf(status.strip().toUpperCase(Locale.ROOT)).name();
            } catch (IllegalArgumentException e) {
                errors.add("Status: unknown status " + status.strip() + ".");
            }
        }
        Instant parsedFrom = time(from, "From", errors);
        Instant parsedTo = time(to, "To", errors);
        if (parsedFrom != null && parsedTo != null && !parsedFrom.isBefore(parsedTo)) {
            errors.add("To must be after From.");
        }
        int parsedPage = page == null ? 0 : page;
        if (parsedPage < 0 || parsedPage > 10_000) {
            errors.add("Page must be between 0 and 10000.");
            parsedPage = 0;
        }
        Criteria criteria = new Criteria(parsedId, e164, digits, trimmed(clientReference), trimmed(client),
                parsedStatus, parsedFrom, parsedTo, parsedPage);
        return new Parsed(criteria, errors);
    }

    private static Instant time(String value, String label, List<String> errors) {
        if (!present(value)) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.parse(value.strip());
            if (local.isBefore(EARLIEST) || local.isAfter(LATEST)) {
                errors.add(label + ": a time between the years 2000 and 9999.");
                return null;
            }
            return local.toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            errors.add(label + ": a date and time like 2026-12-01T09:30 (UTC).");
            return null;
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String trimmed(String value) {
        return present(value) ? value.strip() : null;
    }
}
