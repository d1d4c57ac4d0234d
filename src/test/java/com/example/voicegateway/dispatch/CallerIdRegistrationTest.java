package com.example.voicegateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configured caller ids checked against the 8x8 account's numbers ({@code GET .../numbers}, here WireMock): one the
 * account does not list, or lists as inactive, is a warning in health's {@code callerIdRegistration} component, never DOWN; 8x8
 * not answering leaves the component UP, saying it could not ask. The suite's caller ids, the default first, then by
 * country: +6568880000, +622150000000 (Indonesia's), +6568880001, +6568881234, +6568332048 (Singapore's).
 */
class CallerIdRegistrationTest extends DispatchTestBase {

    private static final String NUMBERS = "/api/v1/subaccounts/acme-sub/numbers";

    @Autowired
    CallerIdRegistration registration;

    @Test
    void aCallerIdTheAccountDoesNotListAsActiveIsAWarningInHealthNotAnOutage() {
        WM.stubFor(WireMock.get(urlPathEqualTo(NUMBERS)).withHeader("Authorization", equalTo("Bearer test-api-key"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"totalNumbers": 4, "numbers": [
                          {"msisdn": "6568880000", "countryCode": "SG", "operationalStatus": "Active"},
                          {"msisdn": "+6568880001", "countryCode": "SG", "operationalStatus": "Expiring"},
                          {"msisdn": "+6568881234", "countryCode": "SG"},
                          {"msisdn": "+622150000000", "countryCode": "ID", "operationalStatus": "Inactive"}],
                         "statusCode": 0, "statusMessage": "Success"}""")));

        registration.refresh();

        JsonNode callerIds = get("/actuator/health", OPS_KEY).json().at("/components/callerIdRegistration");
        assertThat(callerIds.get("status").asString()).isEqualTo("UP");
        assertThat(callerIds.at("/details/checked").asBoolean()).isTrue();
        assertThat(callerIds.at("/details/notRegistered").valueStream().map(JsonNode::asString))
                .containsExactly("+622150000000", "+6568332048");
        assertThat(callerIds.at("/details/warning").asString()).startsWith("2 configured caller id(s) are not active"
                + " numbers of 8x8 subaccount acme-sub");
        assertThat(registration.last().registered()).containsExactly("+6568880000", "+6568880001", "+6568881234");
    }

    @Test
    void when8x8CannotBeAskedHealthSaysSoAndStaysUp() {
        WM.stubFor(WireMock.get(urlPathEqualTo(NUMBERS)).willReturn(aResponse().withStatus(503)));

        registration.refresh();

        JsonNode callerIds = get("/actuator/health", OPS_KEY).json().at("/components/callerIdRegistration");
        assertThat(callerIds.get("status").asString()).isEqualTo("UP");
        assertThat(callerIds.at("/details/checked").asBoolean()).isFalse();
        assertThat(callerIds.at("/details/reason").asString()).startsWith("8x8's numbers could not be fetched");
        assertThat(callerIds.at("/details/notRegistered").isMissingNode()).isTrue();
    }

    @Test
    void readsEightByEightsNumbersInAnyCaseWithOrWithoutPlus() {
        JsonMapper json = JsonMapper.builder().build();

        assertThat(CallerIdRegistration.active(json.readTree("""
                {"Numbers": [{"MSISDN": "6591234567"}, {"msisdn": "+6598765432", "OperationalStatus": "ACTIVE"},
                             {"msisdn": "+6598765433", "operationalStatus": "inactive"}, {"msisdn": "not a number"},
                             {"msisdn": 6590000000}]}"""))).containsExactly("+6591234567", "+6598765432");
        assertThat(CallerIdRegistration.active(json.readTree("{\"statusCode\": 401}"))).isEmpty();
        assertThat(CallerIdRegistration.compare(List.of("+6591234567", "+6598765433"), List.of("+6591234567"),
                Instant.EPOCH).notRegistered()).containsExactly("+6598765433");
    }
}
