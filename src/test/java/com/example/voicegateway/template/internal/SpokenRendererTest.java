package com.example.voicegateway.template.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ibm.icu.util.ULocale;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every type spoken in English, Indonesian and Chinese (Simplified), at the edges. No Spring. */
class SpokenRendererTest {

    private static final ZoneId SINGAPORE = ZoneId.of("Asia/Singapore");
    private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private final SpokenRenderer english = new SpokenRenderer(ULocale.forLanguageTag("en-US"));
    private final SpokenRenderer indonesian = new SpokenRenderer(ULocale.forLanguageTag("id-ID"));
    private final SpokenRenderer chinese = new SpokenRenderer(ULocale.forLanguageTag("zh-Hans"));
    private final SpokenRenderer chineseChina = new SpokenRenderer(ULocale.forLanguageTag("zh-CN"));

    @Test
    void rendersATemplateWithEveryPlaceholderReplaced() {
        TemplateText text = TemplateText.parse("Your code is ((code:digits)). It expires at ((expiresAt:time)).");
        Map<String, Object> variables = Map.of("code", "4815", "expiresAt", "2026-12-07T10:30:00Z");

        assertThat(english.render(text, variables, SINGAPORE).text()).isEqualTo("Your code is 4 8 1 5. It expires at 6:30 PM.");
        assertThat(indonesian.render(text, variables, JAKARTA).text()).isEqualTo("Your code is 4 8 1 5. It expires at 17.30.");
        assertThat(chinese.render(text, variables, SHANGHAI).text()).isEqualTo("Your code is 4 8 1 5. It expires at 18:30.");
    }

    @Test
    void text() {
        for (SpokenRenderer renderer : new SpokenRenderer[] {english, indonesian, chinese}) {
            assertThat(renderer.speak(PlaceholderType.TEXT, "Budi Santoso 王", null)).isEqualTo("Budi Santoso 王");
        }
        assertProblem(PlaceholderType.TEXT, "  ", "must not be blank");
        assertProblem(PlaceholderType.TEXT, "a\u0000b", "must not contain control characters");
        assertProblem(PlaceholderType.TEXT, 42, "must be a string");
    }

    @Test
    void digitsAreSpokenApartInGroups() {
        for (SpokenRenderer renderer : new SpokenRenderer[] {english, indonesian, chinese}) {
            assertThat(renderer.speak(PlaceholderType.DIGITS, "4815", null)).isEqualTo("4 8 1 5");
            assertThat(renderer.speak(PlaceholderType.DIGITS, "0", null)).isEqualTo("0");
            assertThat(renderer.speak(PlaceholderType.DIGITS, "0042", null)).isEqualTo("0 0 4 2");
        }
        assertThat(english.speak(PlaceholderType.DIGITS, "123456", null)).isEqualTo("1 2 3, 4 5 6");
        assertThat(english.speak(PlaceholderType.DIGITS, "1234567", null)).isEqualTo("1 2 3, 4 5 6 7");
        assertThat(english.speak(PlaceholderType.DIGITS, "12345678901", null)).isEqualTo("1 2 3, 4 5 6, 7 8 9, 0 1");
        assertThat(english.speak(PlaceholderType.DIGITS, "12-3456 78", null)).isEqualTo("1 2, 3 4 5 6, 7 8");
        assertProblem(PlaceholderType.DIGITS, "48a5", "must be digits 0-9");
        assertProblem(PlaceholderType.DIGITS, 4815, "must be a string of digits");
        assertProblem(PlaceholderType.DIGITS, "1".repeat(65), "at most 64 digits");
    }

    @Test
    void numbersInWords() {
        assertThat(english.speak(PlaceholderType.NUMBER, 0, null)).isEqualTo("zero");
        assertThat(english.speak(PlaceholderType.NUMBER, "-5", null)).isEqualTo("minus five");
        assertThat(english.speak(PlaceholderType.NUMBER, new BigDecimal("12.50"), null)).isEqualTo("twelve point five");
        assertThat(english.speak(PlaceholderType.NUMBER, 1_234_567L, null))
                .isEqualTo("one million two hundred thirty-four thousand five hundred sixty-seven");
        assertThat(english.speak(PlaceholderType.NUMBER, "999999999999999", null)).startsWith("nine hundred ninety-nine trillion");
        assertThat(indonesian.speak(PlaceholderType.NUMBER, 0, null)).isEqualTo("nol");
        assertThat(indonesian.speak(PlaceholderType.NUMBER, -5, null)).isEqualTo("negatif lima");
        assertThat(indonesian.speak(PlaceholderType.NUMBER, 1_234_567, null))
                .isEqualTo("satu juta dua ratus tiga puluh empat ribu lima ratus enam puluh tujuh");
        assertThat(chinese.speak(PlaceholderType.NUMBER, 0, null)).isEqualTo("〇");
        assertThat(chinese.speak(PlaceholderType.NUMBER, -5, null)).isEqualTo("负五");
        assertThat(chineseChina.speak(PlaceholderType.NUMBER, 1_234_567, null)).isEqualTo("一百二十三万四千五百六十七");
        assertThat(chinese.speak(PlaceholderType.NUMBER, "12.5", null)).isEqualTo("十二点五");
        assertProblem(PlaceholderType.NUMBER, "1e3", "must be a number");
        assertProblem(PlaceholderType.NUMBER, "1000000000000000", "less than 10^15");
        assertProblem(PlaceholderType.NUMBER, "0.1234567", "at most 6 digits after the point");
    }

    @Test
    void amountsWithTheirCurrencyInTheLanguage() {
        assertThat(english.speak(PlaceholderType.AMOUNT, "12.50 SGD", null))
                .isEqualTo("twelve Singapore dollars and fifty cents");
        assertThat(english.speak(PlaceholderType.AMOUNT, "SGD 1.01", null))
                .isEqualTo("one Singapore dollar and one cent");
        assertThat(english.speak(PlaceholderType.AMOUNT, "0 USD", null)).isEqualTo("zero US dollars");
        assertThat(english.speak(PlaceholderType.AMOUNT, "0.50 EUR", null)).isEqualTo("zero euros and fifty cents");
        assertThat(english.speak(PlaceholderType.AMOUNT, "2500000 JPY", null))
                .isEqualTo("two million five hundred thousand Japanese yen");
        // No word for a pound's hundredth here: read as a decimal number of the currency.
        assertThat(english.speak(PlaceholderType.AMOUNT, "3.25 GBP", null)).isEqualTo("three point two five British pounds");
        assertThat(indonesian.speak(PlaceholderType.AMOUNT, "150000 IDR", null))
                .isEqualTo("seratus lima puluh ribu Rupiah Indonesia");
        assertThat(indonesian.speak(PlaceholderType.AMOUNT, "12.50 SGD", null))
                .isEqualTo("dua belas Dolar Singapura dan lima puluh sen");
        assertThat(chinese.speak(PlaceholderType.AMOUNT, "12.50 SGD", null)).isEqualTo("十二新加坡元和五十分");
        assertThat(chinese.speak(PlaceholderType.AMOUNT, "999999999999999 CNY", null)).endsWith("人民币");
        assertProblem(PlaceholderType.AMOUNT, "-12.50 SGD", "must not be negative");
        assertProblem(PlaceholderType.AMOUNT, "12.50 XYZ", "unknown currency 'XYZ'");
        assertProblem(PlaceholderType.AMOUNT, "12.505 SGD", "at most 2 digits after the point for SGD");
        assertProblem(PlaceholderType.AMOUNT, "1.5 JPY", "at most 0 digits after the point for JPY");
        assertProblem(PlaceholderType.AMOUNT, "12.50", "ISO 4217 currency");
        assertProblem(PlaceholderType.AMOUNT, "1000000000000000 USD", "less than 10^15");
    }

    @Test
    void datesInTheLanguage() {
        assertThat(english.speak(PlaceholderType.DATE, "2026-12-07", null)).isEqualTo("Monday, December 7, 2026");
        assertThat(indonesian.speak(PlaceholderType.DATE, "2026-12-07", null)).isEqualTo("Senin, 07 Desember 2026");
        assertThat(chinese.speak(PlaceholderType.DATE, "2026-12-07", null)).isEqualTo("2026年12月7日星期一");
        // An instant's date is the recipient's: 23:30 in UTC is already the 8th in Singapore.
        assertThat(english.speak(PlaceholderType.DATE, "2026-12-07T23:30:00Z", SINGAPORE))
                .isEqualTo("Tuesday, December 8, 2026");
        assertProblem(PlaceholderType.DATE, "07/12/2026", "ISO-8601 date");
        assertProblem(PlaceholderType.DATE, "2026-02-30", "ISO-8601 date");
        // Beyond year 9999 a zone's local time cannot be formed: a 400 naming the variable, never a 500.
        assertProblem(PlaceholderType.DATE, "+999999999-12-31T23:59:59-18:00", "ISO-8601");
        assertProblem(PlaceholderType.DATE, "+10000-01-01", "year 1 to 9999");
        assertProblem(PlaceholderType.TIME, "+999999999-12-31T23:59:59-18:00", "ISO-8601");
    }

    @Test
    void timesInTheRecipientsZone() {
        assertThat(english.speak(PlaceholderType.TIME, "2026-12-07T16:00:00Z", SINGAPORE)).isEqualTo("12:00 AM");
        assertThat(indonesian.speak(PlaceholderType.TIME, "2026-12-07T17:00:00Z", JAKARTA)).isEqualTo("00.00");
        assertThat(chinese.speak(PlaceholderType.TIME, "2026-12-07T16:00:00Z", SHANGHAI)).isEqualTo("00:00");
        // A local time is read as it is.
        assertThat(english.speak(PlaceholderType.TIME, "00:00", null)).isEqualTo("12:00 AM");
        assertThat(english.speak(PlaceholderType.TIME, "2026-12-07T10:30:00+08:00", NEW_YORK)).isEqualTo("9:30 PM");
        assertProblem(PlaceholderType.TIME, "2026-12-07T10:30:00Z", null, "needs the recipient's time zone");
        assertProblem(PlaceholderType.TIME, "25:00", SINGAPORE, "ISO-8601 instant");
    }

    @Test
    void dateTimesAcrossDaylightSavingChanges() {
        // Berlin leaves summer time on 25 October 2026 at 03:00 local (01:00 UTC): the same hour is said twice.
        assertThat(english.speak(PlaceholderType.DATETIME, "2026-10-25T00:30:00Z", BERLIN))
                .isEqualTo("Sunday, October 25, 2026 at 2:30 AM");
        assertThat(english.speak(PlaceholderType.DATETIME, "2026-10-25T01:30:00Z", BERLIN))
                .isEqualTo("Sunday, October 25, 2026 at 2:30 AM");
        // New York springs forward on 8 March 2026: 06:59 UTC is 1:59, 07:00 UTC is 3:00.
        assertThat(english.speak(PlaceholderType.DATETIME, "2026-03-08T06:59:00Z", NEW_YORK))
                .isEqualTo("Sunday, March 8, 2026 at 1:59 AM");
        assertThat(english.speak(PlaceholderType.DATETIME, "2026-03-08T07:00:00Z", NEW_YORK))
                .isEqualTo("Sunday, March 8, 2026 at 3:00 AM");
        assertThat(indonesian.speak(PlaceholderType.DATETIME, "2026-03-08T07:00:00Z", NEW_YORK))
                .isEqualTo("Minggu, 08 Maret 2026 pukul 03.00");
        assertThat(chinese.speak(PlaceholderType.DATETIME, "2026-03-08T07:00:00Z", NEW_YORK))
                .isEqualTo("2026年3月8日星期日 03:00");
        assertThat(english.speak(PlaceholderType.DATETIME, "2026-12-31T16:00:00Z", SINGAPORE))
                .isEqualTo("Friday, January 1, 2027 at 12:00 AM");
        assertProblem(PlaceholderType.DATETIME, "2026-03-08T02:30", NEW_YORK, "must name its offset");
    }

    @Test
    void spellReadsLettersAndDigitsOneByOne() {
        for (SpokenRenderer renderer : new SpokenRenderer[] {english, indonesian, chinese}) {
            assertThat(renderer.speak(PlaceholderType.SPELL, "ab12cd", null)).isEqualTo("A B 1 2 C D");
        }
        assertThat(english.speak(PlaceholderType.SPELL, "XK-42 7", null)).isEqualTo("X K, 4 2, 7");
        assertProblem(PlaceholderType.SPELL, "AB.12", "letters and digits");
    }

    @Test
    void phoneNumbersInTheirCountrysGroups() {
        for (SpokenRenderer renderer : new SpokenRenderer[] {english, indonesian, chinese}) {
            assertThat(renderer.speak(PlaceholderType.PHONE, "+6591234567", null)).isEqualTo("9 1 2 3, 4 5 6 7");
        }
        assertThat(english.speak(PlaceholderType.PHONE, "+12125551234", null)).isEqualTo("2 1 2, 5 5 5, 1 2 3 4");
        assertProblem(PlaceholderType.PHONE, "hello", "E.164");
        assertProblem(PlaceholderType.PHONE, "+651", "phone number in E.164");
    }

    @Test
    void missingExtraAndIllTypedVariablesAreEachNamed() {
        TemplateText text = TemplateText.parse("((code:digits)) ((amount:amount)) ((name))");
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("code", "12a");
        variables.put("colour", "red");

        assertThatThrownBy(() -> english.render(text, variables, null))
                .isInstanceOfSatisfying(SpokenRenderer.Refused.class, refused -> assertThat(refused.problems())
                        .extracting(SpokenRenderer.Problem::variable, SpokenRenderer.Problem::message)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("amount", "is required (amount)"),
                                org.assertj.core.groups.Tuple.tuple("code",
                                        "must be digits 0-9, groups separated by a space or a hyphen, like \"4815\""),
                                org.assertj.core.groups.Tuple.tuple("colour", "is not a placeholder of the template"),
                                org.assertj.core.groups.Tuple.tuple("name", "is required (text)")));
    }

    @Test
    void aLanguageWithoutSpelloutReadsNumbersAsDigitsAndSaysSo() {
        SpokenRenderer tagalog = new SpokenRenderer(ULocale.forLanguageTag("tl"));
        TemplateText text = TemplateText.parse("Babayaran ((total:amount)) ((n:number))");

        assertThat(tagalog.hasSpellout()).isFalse();
        assertThat(tagalog.warnings(text)).singleElement().asString().contains("'tl'", "read as digits");
        assertThat(tagalog.speak(PlaceholderType.NUMBER, "1234", null)).isEqualTo("1234");
        assertThat(tagalog.speak(PlaceholderType.AMOUNT, "12.50 SGD", null)).isEqualTo("12.5 dolyares ng Singapore");
        assertThat(english.warnings(text)).isEmpty();
        assertThat(indonesian.hasSpellout()).isTrue();
        assertThat(chinese.hasSpellout()).isTrue();
    }

    private void assertProblem(PlaceholderType type, Object value, String message) {
        assertProblem(type, value, SINGAPORE, message);
    }

    private void assertProblem(PlaceholderType type, Object value, ZoneId zone, String message) {
        for (SpokenRenderer renderer : new SpokenRenderer[] {english, indonesian, chinese}) {
            assertThatThrownBy(() -> renderer.speak(type, value, zone))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
        }
    }
}
