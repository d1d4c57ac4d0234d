package com.example.voicegateway.phone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    @Test
    void normalisesToE164WithPlus() {
        assertThat(PhoneNumbers.toE164("6591234567")).contains("+6591234567");
        assertThat(PhoneNumbers.toE164("+14155552671")).contains("+14155552671");
        assertThat(PhoneNumbers.toE164("+447911123456")).contains("+447911123456");
    }

    @Test
    void refusesWhatIsNotAPossibleNumber() {
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
