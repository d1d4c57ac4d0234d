package com.example.voicegateway.message.internal;

import com.example.voicegateway.web.FieldViolation;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The rules of {@code acknowledge}, reporting into the request's list of broken rules. */
final class AcknowledgeRules {

    static final int MAX_SPOKEN_LENGTH = 500;
    static final Duration MIN_TIMEOUT = Duration.ofSeconds(3);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_TRIES = 2;

    private AcknowledgeRules() {
    }

    /** The acknowledgement to store, or null when none was asked for or it breaks a rule (then errors says why). */
    static Acknowledge check(AcknowledgeRequest request, List<FieldViolation> errors) {
        if (request == null) {
            return null;
        }
        int before = errors.size();
        String digit = request.digit();
        if (digit == null) {
            errors.add(new FieldViolation("acknowledge.digit", "is required"));
        } else if (digit.length() != 1 || digit.charAt(0) < '0' || digit.charAt(0) > '9') {
            errors.add(new FieldViolation("acknowledge.digit", "must be one of 0 to 9"));
        }
        String prompt = request.prompt();
        if (prompt != null) {
            spoken("acknowledge.prompt", prompt, errors);
        }
        if (request.thanks() != null && !request.thanks().isEmpty()) {
            spoken("acknowledge.thanks", request.thanks(), errors);
        }
        Duration timeout = DEFAULT_TIMEOUT;
        if (request.timeout() != null) {
            timeout = timeout(request.timeout(), errors);
        }
        int tries = DEFAULT_TRIES;
        if (request.tries() != null) {
            if (request.tries() < 1 || request.tries() > 3) {
                errors.add(new FieldViolation("acknowledge.tries", "must be 1, 2 or 3"));
            } else {
                tries = request.tries();
            }
        }
        if (errors.size() > before) {
            return null;
        }
        // An empty thanks means "say nothing": stored as none, so the answer is a plain hangup.
        String thanks = request.thanks() == null || request.thanks().isEmpty() ? null : request.thanks();
        return new Acknowledge(digit, prompt != null ? prompt : "Press " + digit + " to confirm.", thanks,
                (int) timeout.toMillis(), tries);
    }

    private static void spoken(String field, String text, List<FieldViolation> errors) {
        if (text.isBlank()) {
            errors.add(new FieldViolation(field, "must not be blank"));
        } else if (text.codePointCount(0, text.length()) > MAX_SPOKEN_LENGTH) {
            errors.add(new FieldViolation(field, "must be at most 500 characters"));
        }
        // A NUL never gets here: the JSON reader refuses it in any string (web.NulRule).
    }

    private static Duration timeout(String raw, List<FieldViolation> errors) {
        Duration timeout = null;
        try {
            timeout = Duration.parse(raw);
        } catch (DateTimeParseException e) {
            // reported below
        }
        if (timeout == null || timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            errors.add(new FieldViolation("acknowledge.timeout",
                    "must be an ISO-8601 duration from PT3S to PT60S, like PT10S"));
            return DEFAULT_TIMEOUT;
        }
        return timeout;
    }
}
