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
    /** What a number must look like before it is parsed (the OpenAPI document states it as the pattern). */
    public static final String E164_SHAPE = "\\+?[1-9][0-9]{5,14}";
    private static final Pattern E164_DIGITS = Pattern.compile(E164_SHAPE);
    private static final String NOT_A_NUMBER = "";
    private static final int REMEMBERED = 4;
    /**
     * The last few answers of this thread, as (raw, E.164 or NOT_A_NUMBER) pairs: a request's numbers are checked by
     * {@link E164} and then normalised by intake, and a parse is one of the larger costs of a request.
     */
    private static final ThreadLocal<String[]> RECENT = ThreadLocal.withInitial(() -> new String[2 * REMEMBERED]);

    private PhoneNumbers() {
    }

    /** The number in E.164 with its {@code +}, if it is a possible phone number; the {@code +} is optional on input. */
    public static Optional<String> toE164(String raw) {
        if (raw == null || !E164_DIGITS.matcher(raw).matches()) {
            return Optional.empty();
        }
        String[] recent = RECENT.get();
        for (int i = 0; i < recent.length; i += 2) {
            if (raw.equals(recent[i])) {
                return recent[i + 1] == NOT_A_NUMBER ? Optional.empty() : Optional.of(recent[i + 1]);
            }
        }
        String e164 = parse(raw);
        System.arraycopy(recent, 0, recent, 2, recent.length - 2);
        recent[0] = raw;
        recent[1] = e164 == null ? NOT_A_NUMBER : e164;
        return Optional.ofNullable(e164);
    }

    private static String parse(String raw) {
        String withPlus = raw.startsWith("+") ? raw : "+" + raw;
        try {
            PhoneNumber parsed = UTIL.parse(withPlus, null);
            return UTIL.isPossibleNumber(parsed) ? UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
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
