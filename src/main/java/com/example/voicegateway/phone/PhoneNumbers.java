package com.example.voicegateway.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;
import java.util.regex.Pattern;

/** E.164 parsing and masking, shared by intake, the sandbox's 8x8 rules and log lines. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    // E.164 is digits only; spaces, dashes or a national trunk prefix are a different format we do not guess at.
    private static final Pattern E164_DIGITS = Pattern.compile("\\+?[1-9][0-9]{5,14}");

    private PhoneNumbers() {
    }

    /** The number in E.164 with its {@code +}, if it is a possible phone number; the {@code +} is optional on input. */
    public static Optional<String> toE164(String raw) {
        if (raw == null || !E164_DIGITS.matcher(raw).matches()) {
            return Optional.empty();
        }
        String withPlus = raw.startsWith("+") ? raw : "+" + raw;
        try {
            PhoneNumber parsed = UTIL.parse(withPlus, null);
            if (!UTIL.isPossibleNumber(parsed)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** {@code +6512345678} becomes {@code +65****5678}: enough to tell numbers apart in a log, not to dial one. */
    public static String mask(String number) {
        if (number == null || number.isEmpty()) {
            return String.valueOf(number);
        }
        String digits = number.startsWith("+") ? number.substring(1) : number;
        if (digits.length() <= 4) {
            return "****";
        }
        String countryCode = "";
        try {
            countryCode = String.valueOf(UTIL.parse("+" + digits, null).getCountryCode());
        } catch (NumberParseException e) {
            // keep no prefix: better to show less than to show a wrong guess
        }
        if (countryCode.length() + 4 >= digits.length()) {
            countryCode = "";
        }
        return "+" + countryCode + "****" + digits.substring(digits.length() - 4);
    }
}
