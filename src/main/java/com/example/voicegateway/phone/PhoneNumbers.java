package com.example.voicegateway.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * E.164 parsing and masking, shared by intake, the sandbox's 8x8 rules and log lines. Two readings: a client's number
 * ({@link #read}: E.164 with {@code +}, or a national number only where the client has a default region) and 8x8's
 * ({@link #toE164}: always international, written with or without {@code +}).
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    // Digits only: spaces, dashes or brackets are a format we do not guess at.
    /** E.164: {@code +}, the country code and the number, 6 to 15 digits in all. */
    static final String INTERNATIONAL = "\\+[1-9][0-9]{5,14}";
    /**
     * A number as dialled inside one country, with its trunk prefix if it has one ({@code 091234567},
     * {@code 07911123456}): at most libphonenumber's 17 digits of a national number.
     */
    static final String NATIONAL = "[0-9]{4,17}";
    /**
     * What a client's number must look like before it is parsed, as the OpenAPI document states it: E.164, or digits
     * without {@code +}, which only a client with a default region may send.
     */
    public static final String NUMBER_SHAPE = INTERNATIONAL + "|" + NATIONAL;
    private static final Pattern INTERNATIONAL_DIGITS = Pattern.compile(INTERNATIONAL);
    private static final Pattern NATIONAL_DIGITS = Pattern.compile(NATIONAL);
    private static final Pattern EIGHT_BY_EIGHT_DIGITS = Pattern.compile("\\+?[1-9][0-9]{5,14}");

    /** Why a client's number cannot be read. */
    public enum Refusal {
        /** Not {@code +} and digits, nor digits alone (spaces, dashes, letters, too long or short). */
        SHAPE,
        /** Digits without {@code +}, and no default region to read them in: the country is unknown. */
        NO_COUNTRY_CODE,
        /** The right shape, but no possible number of its country (or of the default region). */
        NOT_POSSIBLE
    }

    /** A client's number read: its E.164 form, or why there is none. */
    public record Reading(String e164, Refusal refusal) {

        static Reading of(String e164) {
            return e164 == null ? new Reading(null, Refusal.NOT_POSSIBLE) : new Reading(e164, null);
        }
    }

    private PhoneNumbers() {
    }

    /**
     * A number as a client sent it. With {@code +} it is E.164. Without, it is a number as dialled in
     * {@code defaultRegion} (ISO 3166, {@code SG}), national or with that country's international prefix; without a
     * default region it is refused, never read as E.164 with the {@code +} left out: {@code 91234567} would be
     * India's {@code +91 234567}, not Singapore's {@code 9123 4567}.
     */
    public static Reading read(String raw, String defaultRegion) {
        if (raw != null && INTERNATIONAL_DIGITS.matcher(raw).matches()) {
            return Reading.of(parse(raw, null));
        }
        if (raw == null || !NATIONAL_DIGITS.matcher(raw).matches()) {
            return new Reading(null, Refusal.SHAPE);
        }
        if (defaultRegion == null) {
            return new Reading(null, Refusal.NO_COUNTRY_CODE);
        }
        return Reading.of(parse(raw, defaultRegion));
    }

    /** Whether libphonenumber knows {@code code} as a region (ISO 3166-1 alpha-2, upper case). */
    public static boolean isRegion(String code) {
        return code != null && UTIL.getSupportedRegions().contains(code);
    }

    /**
     * A number 8x8 wrote (a callflow's, a session summary's or the log export's), always international, with or
     * without its {@code +}: in E.164 with the {@code +}, if it is a possible phone number.
     */
    public static Optional<String> toE164(String raw) {
        if (raw == null || !EIGHT_BY_EIGHT_DIGITS.matcher(raw).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(parse(raw.startsWith("+") ? raw : "+" + raw, null));
    }

    private static String parse(String raw, String region) {
        try {
            PhoneNumber parsed = UTIL.parse(raw, region);
            return UTIL.isPossibleNumber(parsed) ? UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    /**
     * Where a number rings and what kind of number it is, as libphonenumber's metadata says.
     *
     * @param region      the ISO 3166 alpha-2 code of the number's country ({@code GG} for a Guernsey range of +44,
     *                    {@code JM} for +1 876); {@code 001} for an international network (+800, +881, +882, +883,
     *                    ...); null when the calling code is shared and the number fits none of its countries' ranges
     * @param callingCode the country calling code, {@code 65} for +65
     * @param regions     every country the calling code may ring ({@code US}, {@code CA}, {@code JM}, ... for +1)
     * @param type        libphonenumber's type; {@code UNKNOWN} for a number that fits no known range
     */
    public record Country(String region, int callingCode, List<String> regions, PhoneNumberType type) {

        /** The calling code's code for a non-geographic network: no country's. */
        public static final String NETWORK = "001";

        /** Whether the number belongs to an international network (satellite, +800, ...), not to a country. */
        public boolean network() {
            return NETWORK.equals(region);
        }

        /** The region when known, else {@code +<calling code>}: the key a country is counted under. */
        public String key() {
            return region != null && !network() ? region : "+" + callingCode;
        }

        /** The country in English with its calling code: "Indonesia (+62)", "Guernsey (+44)". */
        public String describe() {
            if (region == null || network()) {
                return (network() ? "an international network" : "numbers outside every known range") + " (+"
                        + callingCode + ")";
            }
            return name(region) + " (+" + callingCode + ")";
        }
    }

    /** The English name of a region code: {@code ID} is "Indonesia". */
    public static String name(String region) {
        String name = new Locale("", region).getDisplayCountry(Locale.ENGLISH);
        return name.isEmpty() || name.equals(region) ? region : name;
    }

    /**
     * The country and type of a number in E.164 (as {@link #read} or {@link #toE164} give it), or null when it cannot
     * be parsed. A valid number names its own country, even under a calling code several share; one that fits no
     * range of a shared code names none (its {@code regions} are all it could ring).
     */
    public static Country country(String e164) {
        if (e164 == null) {
            return null;
        }
        try {
            PhoneNumber parsed = UTIL.parse(e164, null);
            int code = parsed.getCountryCode();
            List<String> regions = UTIL.getRegionCodesForCountryCode(code);
            String region = UTIL.getRegionCodeForNumber(parsed);
            if (region == null && regions.size() == 1) {
                region = regions.get(0);
            }
            return new Country(region, code, List.copyOf(regions), UTIL.getNumberType(parsed));
        } catch (NumberParseException e) {
            return null;
        }
    }

    /** The ISO 3166 alpha-2 codes libphonenumber knows numbers of. */
    public static Set<String> regions() {
        return UTIL.getSupportedRegions();
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
