package com.example.voicegateway.template.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.ibm.icu.text.DateFormat;
import com.ibm.icu.text.ListFormatter;
import com.ibm.icu.text.PluralRules;
import com.ibm.icu.text.RuleBasedNumberFormat;
import com.ibm.icu.util.Currency;
import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speaks a template's values the way a person says them in the template's language, with ICU4J's data (CLDR): numbers
 * and amounts through the spellout rules ({@link RuleBasedNumberFormat}), currency names and their plural forms,
 * dates and times through {@link DateFormat}, "A and B" through {@link ListFormatter}. Pure: the recipient's zone is
 * given by the caller. A language without spellout rules in ICU gets numbers as digits, which the TTS engine reads in
 * its own way ({@link #hasSpellout()}; said as a warning when such a template is created).
 */
final class SpokenRenderer {

    /** Numbers this large are read as digits by no listener: refused rather than spoken as a minute of words. */
    static final BigDecimal MAX_NUMBER = new BigDecimal("1e15");
    static final int MAX_DIGITS = 64;
    static final int MAX_SPELL = 64;
    private static final Pattern DIGITS = Pattern.compile("[0-9]+(?:[ -][0-9]+)*");
    private static final Pattern SPELL = Pattern.compile("[\\p{L}\\p{Nd}]+(?:[ -][\\p{L}\\p{Nd}]+)*");
    private static final Pattern AMOUNT = Pattern.compile(
            "(?:([A-Za-z]{3})\\s+([-+]?[0-9]+(?:\\.[0-9]+)?)|([-+]?[0-9]+(?:\\.[0-9]+)?)\\s+([A-Za-z]{3}))");
    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]+(?:\\.[0-9]+)?");
    /** Scripts written without spaces between words. */
    private static final Set<String> UNSPACED_SCRIPTS = Set.of("Hans", "Hant", "Hani", "Jpan", "Thai", "Laoo", "Khmr",
            "Mymr");
    /** Currencies whose hundredth is a "cent" (ISO 4217 minor unit 2). ICU names no minor units, so this is ours. */
    private static final Set<String> CENT_CURRENCIES = Set.of("USD", "SGD", "EUR", "AUD", "CAD", "HKD", "NZD", "MYR",
            "BND", "TWD", "CNY");
    /** The word for a cent, per language: {one, other}. A language not here reads the amount as a decimal. */
    private static final Map<String, String[]> CENT_WORDS = Map.of(
            "en", new String[] {"cent", "cents"},
            "id", new String[] {"sen", "sen"},
            "ms", new String[] {"sen", "sen"},
            "zh", new String[] {"分", "分"});
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /** One variable's problem; {@code variable} is its name in the template. */
    record Problem(String variable, String message) {
    }

    /** A rendered text and what each placeholder became. */
    record Result(String text, Map<String, String> spoken) {
    }

    /** The variables broke rules; every problem is listed. */
    static final class Refused extends IllegalArgumentException {

        private final List<Problem> problems;

        Refused(List<Problem> problems) {
            super(problems.toString());
            this.problems = List.copyOf(problems);
        }

        List<Problem> problems() {
            return problems;
        }
    }

    private final ULocale locale;
    private final boolean spellout;
    private final boolean spaced;
    private final PluralRules plurals;
    // RuleBasedNumberFormat and DateFormat are not thread-safe: built here, cloned per value.
    private final RuleBasedNumberFormat words;

    SpokenRenderer(ULocale locale) {
        this.locale = locale;
        this.words = new RuleBasedNumberFormat(locale, RuleBasedNumberFormat.SPELLOUT);
        // ICU falls back to root's (English) rules for a language it has none for: that is no spellout of this one.
        ULocale actual = words.getLocale(ULocale.ACTUAL_LOCALE);
        this.spellout = actual != null && actual.getLanguage().equals(locale.getLanguage());
        this.spaced = !UNSPACED_SCRIPTS.contains(ULocale.addLikelySubtags(locale).getScript());
        this.plurals = PluralRules.forLocale(locale);
    }

    /** Whether ICU has spellout rules for the language; without them numbers and amounts are digits. */
    boolean hasSpellout() {
        return spellout;
    }

    /** The warnings for a template in this language: said once, when the template is created or changed. */
    List<String> warnings(TemplateText text) {
        List<String> warnings = new ArrayList<>();
        if (!spellout && text.placeholders().values().stream().anyMatch(PlaceholderType::spelledOut)) {
            warnings.add("ICU has no spelled-out numbers for language '" + locale.getLanguage()
                    + "': number and amount placeholders are read as digits");
        }
        return warnings;
    }

    /**
     * The text with every placeholder spoken.
     *
     * @param zone the recipient's zone, or null when it is not known (an instant's time is then refused)
     * @throws Refused naming each missing, extra or ill-typed variable
     */
    Result render(TemplateText text, Map<String, ?> variables, ZoneId zone) {
        List<Problem> problems = new ArrayList<>();
        Map<String, ?> given = variables == null ? Map.of() : variables;
        for (String name : given.keySet()) {
            if (!text.placeholders().containsKey(name)) {
                problems.add(new Problem(name, "is not a placeholder of the template"));
            }
        }
        Map<String, String> spoken = new java.util.HashMap<>();
        text.placeholders().forEach((name, type) -> {
            Object value = given.get(name);
            if (value == null) {
                problems.add(new Problem(name, "is required (" + type.word() + ")"));
                return;
            }
            try {
                spoken.put(name, speak(type, value, zone));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(name, e.getMessage()));
            }
        });
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparing(Problem::variable));
            throw new Refused(problems);
        }
        StringBuilder out = new StringBuilder();
        for (TemplateText.Part part : text.parts()) {
            out.append(part.name() == null ? part.literal() : spoken.get(part.name()));
        }
        return new Result(out.toString(), spoken);
    }

    /** One value spoken; an {@link IllegalArgumentException}'s message says what is wrong with it. */
    String speak(PlaceholderType type, Object value, ZoneId zone) {
        switch (type) {
            case TEXT:
                return text(value);
            case DIGITS:
                return digits(string(value, "a string of digits, like \"4815\" (a JSON number would lose leading"
                        + " zeros)"));
            case NUMBER:
                return number(decimal(value));
            case AMOUNT:
                return amount(string(value, "an amount and its ISO 4217 currency, like \"12.50 SGD\""));
            case DATE:
                return date(string(value, "an ISO-8601 date, like \"2026-12-07\""), zone);
            case TIME:
                return time(string(value, "an ISO-8601 instant like \"2026-12-07T10:30:00Z\" or a local time like"
                        + " \"10:30\""), zone);
            case DATETIME:
                return dateTime(string(value, "an ISO-8601 instant, like \"2026-12-07T10:30:00Z\""), zone);
            case SPELL:
                return spell(string(value, "letters and digits, like \"AB12CD\""));
            case PHONE:
                return phone(string(value, "a phone number in E.164, like \"+6591234567\""));
            default:
                throw new IllegalStateException(type.toString());
        }
    }

    private static String text(Object value) {
        if (!(value instanceof String)) {
            throw new IllegalArgumentException("must be a string");
        }
        String text = (String) value;
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.getType(text.charAt(i)) == Character.CONTROL) {
                throw new IllegalArgumentException("must not contain control characters");
            }
            if (Character.isSurrogate(text.charAt(i)) && !(Character.isHighSurrogate(text.charAt(i))
                    && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(++i)))) {
                throw new IllegalArgumentException("must be valid Unicode");
            }
        }
        return text;
    }

    private static String string(Object value, String expected) {
        if (!(value instanceof String) || ((String) value).isBlank()) {
            throw new IllegalArgumentException("must be " + expected);
        }
        return ((String) value).strip();
    }

    /**
     * "4 8 1 5": each digit apart. Groups the sender wrote (spaces or hyphens) are kept; otherwise up to four digits
     * are one group and longer runs go in threes, the last group taking a lone digit, the way people read numbers out.
     */
    static String digits(String value) {
        if (!DIGITS.matcher(value).matches()) {
            throw new IllegalArgumentException("must be digits 0-9, groups separated by a space or a hyphen, like"
                    + " \"4815\"");
        }
        if (value.replaceAll("[ -]", "").length() > MAX_DIGITS) {
            throw new IllegalArgumentException("must be at most " + MAX_DIGITS + " digits");
        }
        List<String> groups = value.matches("[0-9]+") ? grouped(value) : List.of(value.split("[ -]"));
        return oneByOne(groups);
    }

    private static List<String> grouped(String digits) {
        List<String> groups = new ArrayList<>();
        if (digits.length() <= 4) {
            groups.add(digits);
            return groups;
        }
        int at = 0;
        while (digits.length() - at > 4) {
            groups.add(digits.substring(at, at + 3));
            at += 3;
        }
        groups.add(digits.substring(at));
        return groups;
    }

    /** Each character apart, groups set off by a comma: TTS engines pause there. */
    private static String oneByOne(List<String> groups) {
        List<String> spoken = new ArrayList<>();
        for (String group : groups) {
            StringBuilder out = new StringBuilder();
            group.codePoints().forEach(c -> out.append(out.length() == 0 ? "" : " ").appendCodePoint(c));
            spoken.add(out.toString());
        }
        return String.join(", ", spoken);
    }

    private static BigDecimal decimal(Object value) {
        BigDecimal number;
        if (value instanceof BigDecimal) {
            number = (BigDecimal) value;
        } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            number = new BigDecimal(value.toString());
        } else if (value instanceof Number) {
            number = new BigDecimal(value.toString());
        } else if (value instanceof String && NUMBER.matcher(((String) value).strip()).matches()) {
            number = new BigDecimal(((String) value).strip());
        } else {
            throw new IllegalArgumentException("must be a number, like 42 or \"-3.5\"");
        }
        if (number.abs().compareTo(MAX_NUMBER) >= 0) {
            throw new IllegalArgumentException("must be less than 10^15 in size");
        }
        if (Math.max(0, number.stripTrailingZeros().scale()) > 6) {
            throw new IllegalArgumentException("must have at most 6 digits after the point");
        }
        return number;
    }

    String number(BigDecimal number) {
        BigDecimal plain = number.stripTrailingZeros();
        if (plain.scale() < 0) {
            plain = plain.setScale(0);
        }
        if (!spellout) {
            return plain.toPlainString();
        }
        RuleBasedNumberFormat format = (RuleBasedNumberFormat) words.clone();
        return plain.scale() == 0 ? format.format(plain.toBigIntegerExact()) : format.format(plain);
    }

    /**
     * "twelve Singapore dollars and fifty cents": the whole units in words with the currency's name in the plural
     * form the count takes (CLDR), then the cents. Where the language or currency has no word for the minor unit
     * here, the amount is read as a decimal number of the currency ("twelve point five Singapore dollars").
     */
    String amount(String value) {
        Matcher matcher = AMOUNT.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("must be an amount and its ISO 4217 currency, like \"12.50 SGD\"");
        }
        String code = (matcher.group(1) != null ? matcher.group(1) : matcher.group(4)).toUpperCase(Locale.ROOT);
        BigDecimal amount = new BigDecimal(matcher.group(1) != null ? matcher.group(2) : matcher.group(3));
        if (!Currency.isAvailable(code, null, null)) {
            throw new IllegalArgumentException("has an unknown currency '" + code + "': use an ISO 4217 code, like SGD");
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        if (amount.compareTo(MAX_NUMBER) >= 0) {
            throw new IllegalArgumentException("must be less than 10^15");
        }
        Currency currency = Currency.getInstance(code);
        int fraction = currency.getDefaultFractionDigits();
        if (Math.max(0, amount.stripTrailingZeros().scale()) > fraction) {
            throw new IllegalArgumentException("must have at most " + fraction + " digits after the point for "
                    + code);
        }
        BigInteger major = amount.setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        BigInteger minor = amount.subtract(new BigDecimal(major)).movePointRight(fraction)
                .setScale(0, RoundingMode.UNNECESSARY).toBigIntegerExact();
        String[] cents = CENT_WORDS.get(locale.getLanguage());
        boolean centsSpoken = minor.signum() == 0
                || (spellout && fraction == 2 && cents != null && CENT_CURRENCIES.contains(code));
        if (!centsSpoken) {
            BigDecimal whole = amount.stripTrailingZeros();
            return join(number(whole), currencyName(currency, "other"));
        }
        String units = join(number(new BigDecimal(major)), currencyName(currency, plural(major)));
        if (minor.signum() == 0) {
            return units;
        }
        String centsWord = "one".equals(plural(minor)) ? cents[0] : cents[1];
        String hundredths = join(number(new BigDecimal(minor)), centsWord);
        return ListFormatter.getInstance(locale).format(units, hundredths);
    }

    private String plural(BigInteger count) {
        return plurals.select(count.doubleValue());
    }

    private String currencyName(Currency currency, String plural) {
        return currency.getName(locale, Currency.PLURAL_LONG_NAME, plural, new boolean[1]);
    }

    private String join(String number, String word) {
        return number + (spaced ? " " : "") + word;
    }

    /** A date as said in the language, weekday included; an instant's date is the recipient's. */
    String date(String value, ZoneId zone) {
        LocalDate date;
        try {
            date = LocalDate.parse(value);
            if (date.getYear() < 1 || date.getYear() > 9999) {
                throw new IllegalArgumentException("must be an ISO-8601 date from year 1 to 9999, like \"2026-12-07\"");
            }
        } catch (DateTimeParseException notADate) {
            date = instant(value, "must be an ISO-8601 date, like \"2026-12-07\"").atZone(required(zone)).toLocalDate();
        }
        DateFormat format = DateFormat.getDateInstance(DateFormat.FULL, locale);
        return formatAt(format, date.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
    }

    /**
     * A time of day as said in the language. An instant is the recipient's local time; a local time ("10:30") is
     * read as it is.
     */
    String time(String value, ZoneId zone) {
        DateFormat format = DateFormat.getTimeInstance(DateFormat.SHORT, locale);
        try {
            LocalTime local = LocalTime.parse(value);
            return formatAt(format, local.atDate(LocalDate.of(2000, 1, 1)).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        } catch (DateTimeParseException notALocalTime) {
            Instant instant = instant(value, "must be an ISO-8601 instant like \"2026-12-07T10:30:00Z\" or a local"
                    + " time like \"10:30\"");
            return formatAt(format, instant, required(zone));
        }
    }

    /** A date and a time as said in the language, in the recipient's zone. */
    String dateTime(String value, ZoneId zone) {
        Instant instant = instant(value, "must be an ISO-8601 instant with its offset, like \"2026-12-07T10:30:00Z\"");
        DateFormat format = DateFormat.getDateTimeInstance(DateFormat.FULL, DateFormat.SHORT, locale);
        return formatAt(format, instant, required(zone));
    }

    private static Instant instant(String value, String expected) {
        try {
            OffsetDateTime parsed = OffsetDateTime.parse(value);
            // Years 1 to 9999, as everywhere in the API: beyond them a zone's local time cannot be formed.
            if (parsed.getYear() < 1 || parsed.getYear() > 9999) {
                throw new IllegalArgumentException(expected);
            }
            return parsed.toInstant();
        } catch (DateTimeParseException e) {
            try {
                // Refused on purpose: a wall time without a zone is ambiguous on a DST day and names no instant.
                LocalDateTime.parse(value);
                throw new IllegalArgumentException("must name its offset (Z or +08:00): \"" + value
                        + "\" is a local date and time");
            } catch (DateTimeParseException notLocal) {
                throw new IllegalArgumentException(expected);
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(expected);
        }
    }

    private static ZoneId required(ZoneId zone) {
        if (zone == null) {
            throw new IllegalArgumentException("needs the recipient's time zone, which is not known: give"
                    + " deliveryWindow.timeZone (an IANA zone like America/New_York)");
        }
        return zone;
    }

    private static String formatAt(DateFormat format, Instant instant, ZoneId zone) {
        format.setTimeZone(TimeZone.getTimeZone(zone.getId()));
        // ICU writes a narrow no-break space before AM/PM; a plain space is what every TTS engine reads.
        return format.format(Date.from(instant)).replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    /** "A B 1 2, C D": each letter and digit apart, capitals so TTS says letter names; groups kept. */
    static String spell(String value) {
        if (!SPELL.matcher(value).matches()) {
            throw new IllegalArgumentException("must be letters and digits, groups separated by a space or a hyphen");
        }
        if (value.length() > MAX_SPELL) {
            throw new IllegalArgumentException("must be at most " + MAX_SPELL + " characters");
        }
        return oneByOne(List.of(value.toUpperCase(Locale.ROOT).split("[ -]")));
    }

    /** "9 1 2 3, 4 5 6 7": the national number, digit by digit, in the groups its country writes it in. */
    static String phone(String value) {
        PhoneNumber number;
        try {
            number = PHONES.parse(value.startsWith("+") ? value : "+" + value, null);
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("must be a phone number in E.164, like \"+6591234567\"");
        }
        if (!PHONES.isPossibleNumber(number)) {
            throw new IllegalArgumentException("must be a possible phone number in E.164, like \"+6591234567\"");
        }
        String national = PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
        List<String> groups = new ArrayList<>();
        for (String group : national.split("[^0-9]+")) {
            if (!group.isEmpty()) {
                groups.add(group);
            }
        }
        return oneByOne(groups);
    }
}
