package com.example.voicegateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.GatewayProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ApiKeyRegistryTest {

    private static GatewayProperties properties(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("gateway", GatewayProperties.class);
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
}
