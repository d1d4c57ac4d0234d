package com.example.voicegateway.message.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.voicegateway.config.CallerIds;
import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.InvalidSettingException;
import com.example.voicegateway.config.TestSettings;
import com.example.voicegateway.phone.PhoneNumbers;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a client's key may call: the policy alone, on settings bound as a start binds them. */
class CallPermissionsTest {

    private static final String SINGAPORE = "+6591234567";
    private static final String MALAYSIA = "+60123456789";
    private static final String INDONESIA = "+6281234567890";

    private static CallPermissions permissions(String... settings) {
        Map<String, String> map = new HashMap<>();
        map.put("gateway.api-keys.alpha", "alpha-key");
        map.put("gateway.api-keys.narrow", "narrow-key");
        map.put("gateway.eightbyeight.default-source", "+6568880000");
        for (int i = 0; i < settings.length; i += 2) {
            if (settings[i + 1] == null) {
                map.remove(settings[i]);
            } else {
                map.put(settings[i], settings[i + 1]);
            }
        }
        return new CallPermissions(TestSettings.bind(ClientPolicies.class, map),
                new CallerIds(TestSettings.bind(EightByEightProperties.class, map)));
    }

    @Test
    void withoutAListTheGatewayCallsTheCountriesOfItsCallerIdsOnly() {
        CallPermissions permissions = permissions();

        assertThat(permissions.allowed("alpha")).containsExactly("SG");
        assertThat(permissions.refusal("alpha", SINGAPORE)).isNull();
        assertThat(permissions.refusal("alpha", INDONESIA))
                .isEqualTo("calls to Indonesia (+62) are not allowed for this client; allowed: SG");

        CallPermissions withSources = permissions("gateway.eightbyeight.sources.ID", "+622150000000");
        assertThat(withSources.allowed("alpha")).containsExactly("SG", "ID");
        assertThat(withSources.refusal("alpha", INDONESIA)).isNull();
    }

    @Test
    void theGatewaysListIsTheCeilingAndAClientsListNarrowsIt() {
        CallPermissions permissions = permissions("gateway.allowed-countries", "sg, my",
                "gateway.clients.narrow.allowed-countries", "MY");

        assertThat(permissions.allowed("alpha")).as("a client without a list").containsExactly("SG", "MY");
        assertThat(permissions.refusal("alpha", MALAYSIA)).isNull();
        assertThat(permissions.allowed("narrow")).containsExactly("MY");
        assertThat(permissions.refusal("narrow", MALAYSIA)).isNull();
        assertThat(permissions.refusal("narrow", SINGAPORE))
                .isEqualTo("calls to Singapore (+65) are not allowed for this client; allowed: MY");
    }

    @Test
    void aClientsListBeyondTheGatewaysStopsTheStart() {
        assertThatThrownBy(() -> permissions("gateway.allowed-countries", "SG,MY",
                "gateway.clients.narrow.allowed-countries", "MY,ID,TH"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid configuration: gateway.clients.narrow.allowed-countries names ID, TH, which the"
                        + " gateway does not allow (gateway.allowed-countries: SG, MY); a client's list can only narrow"
                        + " the gateway's");
        assertThatThrownBy(() -> permissions("gateway.clients.narrow.allowed-countries", "ID"))
                .hasMessageContaining("names ID, which the gateway does not allow (gateway.allowed-countries is not"
                        + " set, so the caller ids' countries: SG)");
    }

    @Test
    void aGatewayWithoutACallerIdDoesNotStart() {
        assertThatThrownBy(() -> permissions("gateway.eightbyeight.default-source", null,
                "gateway.allowed-countries", "SG"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Invalid configuration: no caller id is configured: set"
                        + " gateway.eightbyeight.default-source");
    }

    @Test
    void aNumbersCountryIsItsRangesNotItsCallingCodes() {
        CallPermissions permissions = permissions("gateway.allowed-countries", "GB,US");

        assertThat(permissions.refusal("alpha", "+447400123456")).as("a mobile of the United Kingdom").isNull();
        assertThat(permissions.refusal("alpha", "+447911123456"))
                .isEqualTo("calls to Guernsey (+44) are not allowed for this client; allowed: GB, US");
        assertThat(permissions.refusal("alpha", "+12125550123")).as("New York").isNull();
        assertThat(permissions.refusal("alpha", "+18768765432"))
                .isEqualTo("calls to Jamaica (+1) are not allowed for this client; allowed: GB, US");
    }

    @Test
    void aNumberOfASharedCodeInNoKnownRangeIsAllowedOnlyWhereEveryCountryOfTheCodeIs() {
        String unassigned = "+12005550123";
        assertThat(permissions("gateway.allowed-countries", "US").refusal("alpha", unassigned))
                .isEqualTo("calls to +1 numbers outside every known range are not allowed for this client: such a"
                        + " number could ring any of 25 countries; allowed: US");
        String everyNanpCountry = String.join(",", PhoneNumbers.country(unassigned).regions());
        assertThat(permissions("gateway.allowed-countries", everyNanpCountry).refusal("alpha", unassigned)).isNull();
    }

    @Test
    void anInternationalNetworkIsNoCountryAndNeverAllowed() {
        assertThat(permissions().refusal("alpha", "+882123456789"))
                .isEqualTo("calls to an international network (+882) are not allowed: it is no country, and only"
                        + " countries can be allowed; allowed: SG");
    }

    @Test
    void premiumNumbersNeedTheClientsExplicitPermission() {
        CallPermissions permissions = permissions("gateway.allowed-countries", "SG,GB,AU",
                "gateway.clients.narrow.allow-premium-numbers", "true");

        assertThat(permissions.refusal("alpha", "+6519001234567")).isEqualTo("is a premium-rate number of Singapore"
                + " (+65), which this client may not call (gateway.clients.alpha.allow-premium-numbers)");
        assertThat(permissions.refusal("alpha", "+611300123456")).startsWith("is a shared-cost number of Australia");
        assertThat(permissions.refusal("alpha", "+445512345678"))
                .startsWith("is a universal access (UAN) number of United Kingdom");
        assertThat(permissions.refusal("alpha", "+447012345678"))
                .startsWith("is a personal (forwarded) number of United Kingdom");
        assertThat(permissions.refusal("alpha", "+6531234567")).as("VoIP is an ordinary number").isNull();

        assertThat(permissions.refusal("narrow", "+6519001234567")).isNull();
        assertThat(permissions.refusal("narrow", "+611300123456")).isNull();
    }

    @Test
    void aPremiumNumberOfAForbiddenCountryIsRefusedForItsCountry() {
        assertThat(permissions("gateway.clients.narrow.allow-premium-numbers", "true").refusal("narrow",
                "+449012345678")).isEqualTo("calls to United Kingdom (+44) are not allowed for this client; allowed: SG");
    }
}
