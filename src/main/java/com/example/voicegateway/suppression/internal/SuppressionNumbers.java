package com.example.voicegateway.suppression.internal;

import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.phone.PhoneNumbers;
import com.example.voicegateway.web.FieldViolation;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * A number as a person writes it on the do-not-call lists: intake's reading (E.164 with {@code +}, or without it a
 * national number of the client's {@code default-region}; never guessed) after dropping what people put between
 * digits: spaces, dashes, dots and brackets ({@code +65 9123-4567}, {@code (+65) 9123 4567}). A value that starts
 * with a space is refused as having no {@code +}: in a query string an unencoded {@code +} arrives as one.
 */
@Component
public class SuppressionNumbers {

    static final String EXAMPLE = "+6591234567";
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u00A0\\-.()]");

    private final ClientPolicies clients;

    public SuppressionNumbers(ClientPolicies clients) {
        this.clients = clients;
    }

    /** The number in E.164, or null with the reason added under {@code field}; null without a word for null. */
    public String read(String field, String raw, String clientName, List<FieldViolation> errors) {
        if (raw == null) {
            return null;
        }
        String region = clientName == null ? null : clients.client(clientName).defaultRegion();
        if (!raw.isEmpty() && Character.isWhitespace(raw.charAt(0))) {
            errors.add(new FieldViolation(field, "must start with + and the country code (E.164, like " + EXAMPLE
                    + ")"));
            return null;
        }
        PhoneNumbers.Reading reading = PhoneNumbers.read(SEPARATORS.matcher(raw).replaceAll(""), region);
        if (reading.refusal() == null) {
            return reading.e164();
        }
        String setting = "gateway.clients." + clientName + ".default-region";
        errors.add(new FieldViolation(field, switch (reading.refusal()) {
            case SHAPE -> "must be a phone number: + and the country code, then the number (spaces, dashes, dots"
                    + " and brackets are allowed), like " + EXAMPLE
                    + (region == null ? "" : ", or a national number of " + region);
            case NO_COUNTRY_CODE -> clientName == null
                    ? "must start with + and the country code (E.164, like " + EXAMPLE + ")"
                    : "must start with + and the country code (E.164, like " + EXAMPLE + "); a number without +"
                            + " is read as a national number only when " + setting + " is set, and it is not";
            case NOT_POSSIBLE -> "is not a possible phone number: check the country code and the number of digits"
                    + " (like " + EXAMPLE + ")";
        }));
        return null;
    }
}
