package com.example.voicegateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.config.TestSettings;
import com.example.voicegateway.config.InvalidSettingException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeyRegistryTest {

    private static ClientPolicies properties(Map<String, String> settings) {
        return TestSettings.bind(ClientPolicies.class, settings);
    }

    @Test
    void configuredKeysIdentifyTheirClientAndRole() {
        var registry = new ApiKeyRegistry(properties(Map.of(
                "gateway.api-keys.billing", "b-key", "gateway.ops-api-keys.oncall", "o-key")));

        assertThat(registry.find("b-key")).contains(new Caller("billing", true, false));
        assertThat(registry.find("o-key")).contains(new Caller("oncall", false, true));
        assertThat(registry.find("b-key ")).isEmpty();
        assertThat(registry.find("")).isEmpty();
        assertThat(registry.find(null)).isEmpty();
    }

    @Test
    void withNoKeysConfiguredARandomKeyIsGeneratedForAFirstRun() {
        var registry = new ApiKeyRegistry(properties(Map.of()));
        var other = new ApiKeyRegistry(properties(Map.of()));

        String generated = registry.generatedKey().orElseThrow();
        assertThat(generated).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(other.generatedKey().orElseThrow());
        assertThat(registry.find(generated)).contains(new Caller("default", true, true));
        assertThat(registry.find("default")).isEmpty();
    }

    @Test
    void configuredKeysSwitchTheGeneratedKeyOff() {
        var registry = new ApiKeyRegistry(properties(Map.of("gateway.api-keys.billing", "b-key")));
        assertThat(registry.generatedKey()).isEmpty();
    }

    @Test
    void aKeyMayBeGivenAsItsSha256Hash() {
        // As the README makes them: printf %s 'b-key' | sha256sum (upper-case hex is accepted too)
        var registry = new ApiKeyRegistry(properties(Map.of(
                "gateway.api-keys.billing", "{sha256}912cf63e4e97cfdaa27ba19112c7881169eaa82676c40b0ce253f165738dafd2",
                "gateway.ops-api-keys.oncall", "{sha256}46C9B6EAE4B183FE19ECB330BE195A4A6A3B582B3E7D0AADE373CBF8041AE80E")));

        assertThat(registry.find("b-key")).contains(new Caller("billing", true, false));
        assertThat(registry.find("o-key")).contains(new Caller("oncall", false, true));
        assertThat(registry.find("{sha256}912cf63e4e97cfdaa27ba19112c7881169eaa82676c40b0ce253f165738dafd2"))
                .as("the hash itself is not a key").isEmpty();
    }

    @Test
    void severalKeysPerNameAllowRotation() {
        String hash = HexFormat.of().formatHex(ApiKeyRegistry.sha256("new-key"));
        var registry = new ApiKeyRegistry(properties(Map.of("gateway.api-keys.billing", "old-key, {sha256}" + hash,
                "gateway.ops-api-keys.oncall", "o1,o2")));

        assertThat(registry.find("old-key")).contains(new Caller("billing", true, false));
        assertThat(registry.find("new-key")).contains(new Caller("billing", true, false));
        assertThat(registry.find("o1")).contains(new Caller("oncall", false, true));
        assertThat(registry.find("o2")).contains(new Caller("oncall", false, true));
        assertThat(registry.find("old-key, {sha256}" + hash)).isEmpty();
        assertThat(registry.find(" old-key")).isEmpty();
    }

    @Test
    void badKeySettingsStopTheStartNamingTheSettingButNotTheKey() {
        assertThatThrownBy(() -> new ApiKeyRegistry(properties(Map.of("gateway.api-keys.billing", "{sha256}abc123"))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gateway.api-keys.billing").hasMessageContaining("64 hex digits")
                .hasMessageNotContaining("abc123");
        assertThatThrownBy(() -> new ApiKeyRegistry(properties(Map.of("gateway.api-keys.billing", "secret-one,,x"))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gateway.api-keys.billing (entry 2 of 3) is empty")
                .hasMessageNotContaining("secret-one");
        assertThatThrownBy(() -> new ApiKeyRegistry(properties(Map.of("gateway.api-keys.billing", "same-secret",
                "gateway.ops-api-keys.oncall", "same-secret"))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContainingAll("gateway.api-keys.billing", "gateway.ops-api-keys.oncall", "same key")
                .hasMessageNotContaining("same-secret");
    }
}
