package com.example.voicegateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RecipientTimeZonesTest {

    @Test
    void aSingleZoneCountryNamesItsZone() {
        assertThat(RecipientTimeZones.of("+6591234567").single()).isEqualTo(ZoneId.of("Asia/Singapore"));
        assertThat(RecipientTimeZones.of("+442071234567").single()).isEqualTo(ZoneId.of("Europe/London"));
        // ICU knows India as Asia/Calcutta; the answer is IANA's current name.
        assertThat(RecipientTimeZones.of("+919876543210").single()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        // +1 is not one country: a Jamaican number is in Jamaica's single zone.
        assertThat(RecipientTimeZones.of("+18768765432").single()).isEqualTo(ZoneId.of("America/Jamaica"));
    }

    @Test
    void countriesWithSeveralZonesHaveNoSingleAnswer() {
        RecipientTimeZones.Found us = RecipientTimeZones.of("+12125550123");
        assertThat(us.region()).isEqualTo("US");
        assertThat(us.zones()).contains(ZoneId.of("America/New_York"), ZoneId.of("America/Los_Angeles"));
        assertThat(us.single()).isNull();
        assertThat(RecipientTimeZones.of("+74951234567").single()).as("Russia").isNull();
        assertThat(RecipientTimeZones.of("+61212345678").single()).as("Australia").isNull();
    }

    @Test
    void aNonGeographicNumberHasNoZone() {
        RecipientTimeZones.Found global = RecipientTimeZones.of("+80012345678");
        assertThat(global.region()).isNull();
        assertThat(global.zones()).isEmpty();
    }
}
