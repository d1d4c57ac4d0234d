package com.example.voicegateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** Every way a number is written in what 8x8, receivers and people send us, and what must stay as it is. */
class PhoneMaskingTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # E.164 and bare runs, as before
            to +6591237777                               | to +65****7777
            to 6591237777                                | to +65****7777
            +12314377870                                 | +1****7870
            6591234                                      | +65****1234
            # the spellings issue 20 found unmasked
            tel:+6591237777                              | tel:+65****7777
            sip:+6591237777@sip.example.com              | sip:+65****7777@sip.example.com
            sips:6591237777@10.0.0.1:5061                | sips:+65****7777@10.0.0.1:5061
            +65 9123 7777                                | +65****7777
            0065-9123-7777                               | +65****7777
            +65.9123.7777                                | +65****7777
            # the same class: other separators, groupings and places
            `call +65 9123-7777, or`                     | `call +65****7777, or`
            +1 (231) 437-7870                            | +1****7870
            (+65) 9123 7777                              | +65****7777
            `Press 1 Jane, or call +6598765432`          | `Press 1 Jane, or call +65****5432`
            https://h.example.com/cb?to=%2B6591237777&x=1 | https://h.example.com/cb?to=+65****7777&x=1
            https://h.example.com/u/6591237777/status    | https://h.example.com/u/+65****7777/status
            https://h.example.com/cb?to=+65%209123%207777 | https://h.example.com/cb?to=+65****7777
            tel:0065.9123.7777;ext=1                     | tel:+65****7777;ext=1
            (6591237777)                                 | (+65****7777)
            `9123 7777 is busy`                          | `****7777 is busy`
            sorry: +6591237777: no answer                | sorry: +65****7777: no answer
            +44 20 7946 0958                             | +44****0958
            `+65 9123 7777 and +65 9876 5432`            | `+65****7777 and +65****5432`
            # not numbers: left as they are
            2024-03-25T06:01:28Z                         | 2024-03-25T06:01:28Z
            2024-05-16T04:12:11.217Z                     | 2024-05-16T04:12:11.217Z
            on 2024-03-25 at 06:01:28                    | on 2024-03-25 at 06:01:28
            25.03.2024                                   | 25.03.2024
            1f048a83-ea6d-11ee-911b-123456789012         | 1f048a83-ea6d-11ee-911b-123456789012
            12345678-1234-1234-abcd-e9023a97c284         | 12345678-1234-1234-abcd-e9023a97c284
            12345678-1234-5678-9012-abcdef123456         | 12345678-1234-5678-9012-abcdef123456
            192.168.100.200                              | 192.168.100.200
            amount 12345.678901                          | amount 12345.678901
            order-6591178965x                            | order-6591178965x
            ref6591237777                                | ref6591237777
            1234567890123456789                          | 1234567890123456789
            -2010 and 503 and 12345                      | -2010 and 503 and 12345
            +65****7777                                  | +65****7777
            """)
    void masksEveryPlausibleSpellingAndNothingElse(String text, String expected) {
        assertThat(PhoneMasking.maskText(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            +65 9123 7777
            0065-9123-7777
            +65.9123.7777
            tel:+6591237777
            """)
    void maskingTwiceChangesNothingMore(String text) {
        String once = PhoneMasking.maskText(text);
        assertThat(PhoneMasking.maskText(once)).isEqualTo(once);
    }

    @org.junit.jupiter.api.Test
    void jsonStringsAreMaskedWhereverTheyAreAndNumbersStay() {
        JsonMapper json = JsonMapper.builder().build();
        var masked = PhoneMasking.maskJson(json.readTree("""
                {"source":"tel:+6568880000","legs":[{"destination":"sip:+6591237777@h"}],"callDuration":13,
                 "note":["call 0065-9123-7777"]}"""));
        assertThat(masked).isEqualTo(json.readTree("""
                {"source":"tel:+65****0000","legs":[{"destination":"sip:+65****7777@h"}],"callDuration":13,
                 "note":["call +65****7777"]}"""));
    }
}
