package com.example.voicegateway.phone;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.phone.PhoneNumbers.Reading;
import com.example.voicegateway.phone.PhoneNumbers.Refusal;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    @Test
    void aClientsNumberWithPlusIsE164() {
        assertThat(PhoneNumbers.read("+6591234567", null)).isEqualTo(new Reading("+6591234567", null));
        assertThat(PhoneNumbers.read("+14155552671", "SG").e164()).as("a default region changes nothing")
                .isEqualTo("+14155552671");
        assertThat(PhoneNumbers.read("+447911123456", null).e164()).isEqualTo("+447911123456");
    }

    @Test
    void aClientsNumberWithoutPlusIsNationalInItsDefaultRegionAndRefusedWithoutOne() {
        assertThat(PhoneNumbers.read("91234567", "SG").e164()).isEqualTo("+6591234567");
        assertThat(PhoneNumbers.read("07911123456", "GB").e164()).as("with the trunk prefix").isEqualTo("+447911123456");
        assertThat(PhoneNumbers.read("00114155552671", "SG").e164())
                .as("with the region's international prefix, as dialled there").isEqualTo("+14155552671");

        assertThat(PhoneNumbers.read("91234567", null)).isEqualTo(new Reading(null, Refusal.NO_COUNTRY_CODE));
        assertThat(PhoneNumbers.read("6591234567", null).refusal()).isEqualTo(Refusal.NO_COUNTRY_CODE);
        assertThat(PhoneNumbers.toE164("91234567")).as("what reading it as E.164 would have dialled")
                .hasValueSatisfying(e164 -> assertThat(e164).startsWith("+91"));
    }

    @Test
    void aClientsNumberOfTheWrongShapeOrLengthIsRefused() {
        assertThat(PhoneNumbers.read("+65 9123 4567", "SG").refusal()).isEqualTo(Refusal.SHAPE);
        assertThat(PhoneNumbers.read("9123-4567", "SG").refusal()).isEqualTo(Refusal.SHAPE);
        assertThat(PhoneNumbers.read(" 6591234567", null).refusal()).as("a + the query turned into a space")
                .isEqualTo(Refusal.SHAPE);
        assertThat(PhoneNumbers.read("+6512", null).refusal()).isEqualTo(Refusal.SHAPE);
        assertThat(PhoneNumbers.read("+0123456789", null).refusal()).isEqualTo(Refusal.SHAPE);
        assertThat(PhoneNumbers.read("++6591234567", null).refusal()).isEqualTo(Refusal.SHAPE);
        assertThat(PhoneNumbers.read("", "SG").refusal()).isEqualTo(Refusal.SHAPE);
        assertThat(PhoneNumbers.read(null, "SG").refusal()).isEqualTo(Refusal.SHAPE);
        assertThat(PhoneNumbers.read("1234", "SG").refusal()).isEqualTo(Refusal.NOT_POSSIBLE);
        assertThat(PhoneNumbers.read("+999123456", null).refusal()).isEqualTo(Refusal.NOT_POSSIBLE);
    }

    @Test
    void theDocumentedShapeIsExactlyWhatReadingLetsThroughToTheParse() {
        Pattern shape = Pattern.compile(PhoneNumbers.NUMBER_SHAPE);
        for (String raw : new String[] {"+6591234567", "+14155552671", "91234567", "07911123456", "1234", "+999123456",
                "00114155552671", "+6512", "+0123456789", "+65 9123 4567", "9123-4567", " 6591234567", "",
                "+6591234567891234", "123456789012345678", "++6591234567", "+65abc"}) {
            assertThat(shape.matcher(raw).matches()).as(raw)
                    .isEqualTo(PhoneNumbers.read(raw, "SG").refusal() != Refusal.SHAPE);
        }
    }

    @Test
    void regionsAreUpperCaseIsoCodesWithPhoneNumbers() {
        assertThat(PhoneNumbers.isRegion("SG")).isTrue();
        assertThat(PhoneNumbers.isRegion("GB")).isTrue();
        assertThat(PhoneNumbers.isRegion("sg")).isFalse();
        assertThat(PhoneNumbers.isRegion("XX")).isFalse();
        assertThat(PhoneNumbers.isRegion(null)).isFalse();
    }

    @Test
    void eightByEightsNumbersAreInternationalWithOrWithoutPlus() {
        assertThat(PhoneNumbers.toE164("6591234567")).contains("+6591234567");
        assertThat(PhoneNumbers.toE164("+14155552671")).contains("+14155552671");
        assertThat(PhoneNumbers.toE164("+447911123456")).contains("+447911123456");
    }

    @Test
    void eightByEightsNumbersThatAreNotPossibleAreRefused() {
        assertThat(PhoneNumbers.toE164("+6512")).isEmpty();
        assertThat(PhoneNumbers.toE164("+0123456789")).isEmpty();
        assertThat(PhoneNumbers.toE164("+65 9123 4567")).isEmpty();
        assertThat(PhoneNumbers.toE164("++6591234567")).isEmpty();
        assertThat(PhoneNumbers.toE164("")).isEmpty();
        assertThat(PhoneNumbers.toE164(null)).isEmpty();
    }

    @Test
    void masksAllButCountryCodeAndLastFourDigits() {
        assertThat(PhoneNumbers.mask("+6512345678")).isEqualTo("+65****5678");
        assertThat(PhoneNumbers.mask("+14155552671")).isEqualTo("+1****2671");
        assertThat(PhoneNumbers.mask("123")).isEqualTo("****");
    }
}
