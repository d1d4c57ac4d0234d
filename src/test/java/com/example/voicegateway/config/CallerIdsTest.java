package com.example.voicegateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caller ids per country, and what a start refuses of them. */
class CallerIdsTest {

    private static CallerIds callerIds(Map<String, String> settings) {
        return new CallerIds(TestSettings.bind(EightByEightProperties.class, settings));
    }

    @Test
    void aCallGoesOutFromItsCountrysFirstCallerIdElseTheDefault() {
        CallerIds ids = callerIds(Map.of("gateway.eightbyeight.default-source", "+6568880000",
                "gateway.eightbyeight.sources.ID", "+622150000000, +622150000001",
                // An environment variable's map key arrives in lower case.
                "gateway.eightbyeight.sources.my", "+60312345678"));

        assertThat(ids.forDestination("+6281234567890")).isEqualTo("+622150000000");
        assertThat(ids.forDestination("+60123456789")).isEqualTo("+60312345678");
        assertThat(ids.forDestination("+6591234567")).isEqualTo("+6568880000");
        assertThat(ids.forDestination("+12125550123")).as("no caller id of its own: the default")
                .isEqualTo("+6568880000");
        assertThat(ids.all()).containsExactly("+6568880000", "+622150000000", "+622150000001", "+60312345678");
        assertThat(ids.contains("+622150000001")).isTrue();
        assertThat(ids.contains("+622150000009")).isFalse();
        assertThat(ids.countries()).containsExactly("SG", "ID", "MY");
    }

    @Test
    void withoutADefaultACountryWithoutACallerIdHasNone() {
        CallerIds ids = callerIds(Map.of("gateway.eightbyeight.sources.ID", "+622150000000"));

        assertThat(ids.defaultSource()).isNull();
        assertThat(ids.forDestination("+6591234567")).isNull();
        assertThat(ids.countries()).containsExactly("ID");
    }

    @Test
    void aSourceThatIsNoE164NumberOfItsCountryStopsTheStartNamingItsKey() {
        assertThatThrownBy(() -> callerIds(Map.of("gateway.eightbyeight.sources.ID", "02150000000")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gateway.eightbyeight.sources.ID must be phone numbers in E.164: + and the"
                        + " country code, then digits only, like +6568880000; 02150000000 is not");
        assertThatThrownBy(() -> callerIds(Map.of("gateway.eightbyeight.sources.ID", "+6568880000")))
                .hasMessageContaining("gateway.eightbyeight.sources.ID must be numbers of Indonesia (ID);"
                        + " +6568880000 is a number of Singapore");
        assertThatThrownBy(() -> callerIds(Map.of("gateway.eightbyeight.sources.XX", "+6568880000")))
                .hasMessageContaining("gateway.eightbyeight.sources.XX must be keyed by an ISO 3166 country code"
                        + " with phone numbers, like SG or ID; XX is not");
        assertThatThrownBy(() -> callerIds(Map.of("gateway.eightbyeight.default-source", "6568880000")))
                .hasMessageContaining("default-source must be a phone number in E.164");
    }

    @Test
    void allowedCountriesMustBeCountryCodesWithNumbers() {
        assertThatThrownBy(() -> TestSettings.bind(ClientPolicies.class, Map.of("gateway.allowed-countries", "SG,XX",
                "gateway.api-keys.a", "k", "gateway.clients.a.allowed-countries", "EU")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gateway.allowed-countries must be ISO 3166 country codes with phone numbers,"
                        + " like SG or GB; XX is not")
                .hasMessageContaining("gateway.clients.a.allowed-countries must be ISO 3166 country codes with phone"
                        + " numbers, like SG or GB; EU is not");
    }
}
