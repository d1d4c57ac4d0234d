package com.example.voicegateway.message.internal;

import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.phone.PhoneNumbers;
import com.example.voicegateway.web.FieldViolation;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The numbers a client sends (a message's destination, source and fallbacks, the list's {@code destination} filter),
 * read the one way: E.164 with {@code +}, or without it a national number of the client's
 * {@code gateway.clients.<name>.default-region}. Without a default region a number without {@code +} is refused,
 * never guessed at: {@code 91234567} read as E.164 would ring India, not Singapore.
 */
@Component
class ClientNumbers {

    static final String EXAMPLE = "+6591234567";

    private final ClientPolicies clients;

    ClientNumbers(ClientPolicies clients) {
        this.clients = clients;
    }

    /**
     * The number in E.164, or null with the reason added to {@code errors} under {@code field}; null without a word
     * when {@code raw} is null (a required field says so itself).
     *
     * @param clientName the client whose default region applies; null for an ops key, which has none
     */
    String read(String field, String raw, String clientName, List<FieldViolation> errors) {
        if (raw == null) {
            return null;
        }
        String region = clientName == null ? null : clients.client(clientName).defaultRegion();
        PhoneNumbers.Reading reading = PhoneNumbers.read(raw, region);
        if (reading.refusal() != null) {
            errors.add(new FieldViolation(field, message(reading.refusal(), raw, region, clientName)));
        }
        return reading.e164();
    }

    private static String message(PhoneNumbers.Refusal refusal, String raw, String region, String clientName) {
        String setting = "gateway.clients." + clientName + ".default-region";
        return switch (refusal) {
            case SHAPE -> region == null
                    ? "must be a phone number in E.164: + and the country code, then digits only, 6 to 15 in all,"
                            + " like " + EXAMPLE
                    : "must be a phone number in E.164 (+ and the country code, then digits only, 6 to 15 in all, like "
                            + EXAMPLE + ") or a national number of " + region + " (" + setting + "), digits only";
            case NO_COUNTRY_CODE -> clientName == null
                    ? "must start with + and the country code (E.164, like " + EXAMPLE + ")"
                    : "must start with + and the country code (E.164, like " + EXAMPLE + "); a number without +"
                            + " is read as a national number only when " + setting + " is set, and it is not";
            case NOT_POSSIBLE -> raw.startsWith("+") || region == null
                    ? "is not a possible phone number: check the country code and the number of digits (E.164, like "
                            + EXAMPLE + ")"
                    : "is not a possible phone number of " + region + " (" + setting + "); a number of another"
                            + " country needs + and its country code (E.164, like " + EXAMPLE + ")";
        };
    }
}
