package com.example.voicegateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class GatewayPropertiesTest {

    private static final Map<String, String> LIVE = Map.of(
            "gateway.eightbyeight.base-url", "https://voice.8x8.com",
            "gateway.eightbyeight.api-key", "live-8x8-key",
            "gateway.eightbyeight.subaccount-id", "live-sub",
            "gateway.webhook.authorization", "Bearer live-secret");

    private static GatewayProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("gateway", GatewayProperties.class);
    }

    @Test
    void goingLiveWithoutAnyClientKeyStopsTheStart() {
        assertThat(LiveSettings.failure(bind(LIVE)))
                .contains("gateway.api-keys.<client> (GATEWAY_APIKEYS_<CLIENT>) is not set")
                .contains("--spring.profiles.active=sandbox");
    }

    @Test
    void goingLiveWithAClientKeyStarts() {
        Map<String, String> settings = new HashMap<>(LIVE);
        settings.put("gateway.api-keys.billing", "billing-key");
        GatewayProperties properties = bind(settings);

        assertThat(properties.apiKeys()).containsEntry("billing", "billing-key");
        assertThat(LiveSettings.failure(properties)).isNull();
    }

    @Test
    void withoutTheSandboxNothingOf8x8IsFilledIn() {
        // The sandbox's subaccount is no default any more: a live start names its own.
        assertThat(LiveSettings.problems(bind(Map.of()))).containsExactly(
                "gateway.eightbyeight.api-key (GATEWAY_EIGHTBYEIGHT_API_KEY) is not set",
                "gateway.eightbyeight.base-url (GATEWAY_EIGHTBYEIGHT_BASE_URL) is not set, e.g. https://voice.8x8.com",
                "gateway.eightbyeight.subaccount-id (GATEWAY_EIGHTBYEIGHT_SUBACCOUNT_ID) is not set",
                "gateway.api-keys.<client> (GATEWAY_APIKEYS_<CLIENT>) is not set; at least one client key is required",
                "gateway.webhook.authorization (GATEWAY_WEBHOOK_AUTHORIZATION) is not set,"
                        + " e.g. 'Bearer <long random secret>'");
    }

    @Test
    void anIpv4MappedRangeIsAValidAllowedRange() {
        GatewayProperties properties = bind(Map.of("gateway.webhook.allowed-ips", "::ffff:10.0.0.0/104,2001:db8::/32"));

        assertThat(properties.webhook().allowedIps()).containsExactly("::ffff:10.0.0.0/104", "2001:db8::/32");
    }

    @Test
    void retentionDefaultsToThirtyDaysForPersonalDataAndFourHundredForMessages() {
        RetentionProperties retention = bind(Map.of()).retention();

        assertThat(retention.personalData()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(retention.messages()).isEqualTo(java.time.Duration.ofDays(400));
    }

    @Test
    void toStringNamesKeyHoldersButNeverTheirKeys() {
        Map<String, String> settings = new HashMap<>(LIVE);
        settings.put("gateway.api-keys.billing", "billing-key");
        settings.put("gateway.ops-api-keys.oncall", "oncall-key");

        String shown = bind(settings).toString();

        assertThat(shown).contains("billing").contains("oncall")
                .doesNotContain("billing-key").doesNotContain("oncall-key")
                .doesNotContain("live-8x8-key").doesNotContain("live-secret");
    }

    @Test
    void clientKeysBindFromTheDocumentedEnvironmentVariables() {
        StandardEnvironment environment = new StandardEnvironment();
        // Spring maps names this way only for the source it knows as the system environment.
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "GATEWAY_APIKEYS_BILLING", "billing-key",
                "GATEWAY_OPSAPIKEYS_ONCALL", "oncall-key",
                "GATEWAY_CLIENTS_BILLING_MAXMESSAGESPERMINUTE", "120",
                "GATEWAY_EIGHTBYEIGHT_DEFAULT_SOURCE", "+6568880000")));

        GatewayProperties properties = new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("gateway", GatewayProperties.class);

        assertThat(properties.apiKeys()).containsEntry("billing", "billing-key");
        assertThat(properties.opsApiKeys()).containsEntry("oncall", "oncall-key");
        assertThat(properties.client("billing").maxMessagesPerMinute()).isEqualTo(120L);
        assertThat(properties.eightbyeight().defaultSource()).isEqualTo("+6568880000");
    }

    @Test
    void clientPolicyBindsWithItsDefaults() {
        Map<String, String> settings = new HashMap<>(LIVE);
        settings.put("gateway.api-keys.billing", "billing-key");
        settings.put("gateway.api-keys.reminders", "reminders-key");
        settings.put("gateway.clients.billing.max-messages-per-minute", "100");
        settings.put("gateway.clients.billing.weight", "3");
        settings.put("gateway.clients.reminders.max-messages-per-day", "50000");

        GatewayProperties properties = bind(settings);

        assertThat(properties.client("billing")).isEqualTo(new ClientProperties(100L, null, 3));
        assertThat(properties.client("reminders")).isEqualTo(new ClientProperties(null, 50000L, 1));
        assertThat(properties.client("nobody")).isEqualTo(ClientProperties.DEFAULTS);
    }

    @Test
    void aPolicyForAClientWithoutAKeyStopsTheStart() {
        Map<String, String> settings = new HashMap<>(LIVE);
        settings.put("gateway.api-keys.billing", "billing-key");
        settings.put("gateway.clients.biling.max-messages-per-minute", "100");

        assertThatThrownBy(() -> bind(settings))
                .rootCause()
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gateway.clients.biling has no key in gateway.api-keys.biling");
    }
}
