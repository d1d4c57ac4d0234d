package com.example.voicegateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The settings records as a start binds and checks them: defaults, derived values, one phrase per problem. */
class SettingsTest {

    private static final Map<String, String> LIVE = Map.of(
            "gateway.eightbyeight.base-url", "https://voice.8x8.com",
            "gateway.eightbyeight.api-key", "live-8x8-key",
            "gateway.eightbyeight.subaccount-id", "live-sub",
            "gateway.webhook.authorization", "Bearer live-secret",
            "gateway.suppression.hash-secret", "a-secret-of-at-least-thirty-two-characters");

    private static String liveFailure(Map<String, String> settings) {
        return LiveSettings.failure(TestSettings.bind(EightByEightProperties.class, settings),
                TestSettings.bind(ClientPolicies.class, settings), settings.get(LiveSettings.WEBHOOK_AUTHORIZATION),
                settings.get(LiveSettings.SUPPRESSION_HASH_SECRET));
    }

    @Test
    void everyFeaturesRecordIsFoundWithoutConfigKnowingTheFeatures() {
        assertThat(SettingsRecords.types()).extracting(Class::getSimpleName).contains("EightByEightProperties",
                "ClientPolicies", "LifetimeProperties", "CallRetries", "DispatchProperties", "IntakeProperties",
                "RedialProperties", "WebhookProperties", "CallbacksProperties", "ReconcileProperties",
                "RetentionProperties", "SandboxProperties", "OptOutProperties", "SuppressionProperties");
    }

    @Test
    void goingLiveWithoutAnyClientKeyStopsTheStart() {
        assertThat(liveFailure(LIVE))
                .contains("gateway.api-keys.<client> (GATEWAY_APIKEYS_<CLIENT>) is not set")
                .contains("--spring.profiles.active=sandbox");
    }

    @Test
    void goingLiveWithAClientKeyStarts() {
        Map<String, String> settings = new HashMap<>(LIVE);
        settings.put("gateway.api-keys.billing", "billing-key");

        assertThat(TestSettings.bind(ClientPolicies.class, settings).apiKeys()).containsEntry("billing", "billing-key");
        assertThat(liveFailure(settings)).isNull();
    }

    @Test
    void withoutTheSandboxNothingOf8x8IsFilledIn() {
        assertThat(LiveSettings.problems(TestSettings.bind(EightByEightProperties.class, Map.of()),
                TestSettings.bind(ClientPolicies.class, Map.of()), null, null)).containsExactly(
                "gateway.eightbyeight.api-key (GATEWAY_EIGHTBYEIGHT_APIKEY) is not set",
                "gateway.eightbyeight.base-url (GATEWAY_EIGHTBYEIGHT_BASEURL) is not set, e.g. https://voice.8x8.com",
                "gateway.eightbyeight.subaccount-id (GATEWAY_EIGHTBYEIGHT_SUBACCOUNTID) is not set",
                "gateway.api-keys.<client> (GATEWAY_APIKEYS_<CLIENT>) is not set; at least one client key is required",
                "gateway.webhook.authorization (GATEWAY_WEBHOOK_AUTHORIZATION) is not set,"
                        + " e.g. 'Bearer <long random secret>'",
                "gateway.suppression.hash-secret (GATEWAY_SUPPRESSION_HASHSECRET) is not set, e.g."
                        + " $(openssl rand -base64 32); keep it for good");
    }

    @Test
    void anIpv4MappedRangeIsAValidAllowedRange() {
        assertThat(TestSettings.problems(Map.of("gateway.webhook.allowed-ips", "::ffff:10.0.0.0/104,2001:db8::/32")))
                .isEmpty();
    }

    @Test
    void defaultsLiveInTheRecords() {
        LifetimeProperties lifetime = TestSettings.bind(LifetimeProperties.class, Map.of());
        assertThat(lifetime.defaultValidity()).isEqualTo(Duration.ofHours(1));
        assertThat(lifetime.maxValidity()).isEqualTo(Duration.ofHours(24));
        assertThat(lifetime.retention().personalData()).isEqualTo(Duration.ofDays(30));
        assertThat(lifetime.retention().messages()).isEqualTo(Duration.ofDays(400));
        EightByEightProperties eightbyeight = TestSettings.bind(EightByEightProperties.class, Map.of());
        assertThat(eightbyeight.maxCallsPerSecond()).isEqualTo(20);
        assertThat(eightbyeight.defaultVoiceProfile()).isEqualTo("en-US-Neural2-C");
        CallRetries retries = TestSettings.bind(CallRetries.class, Map.of());
        assertThat(retries.maxAttempts()).isEqualTo(8);
        assertThat(retries.backoffBase()).isEqualTo(Duration.ofSeconds(5));
        assertThat(retries.backoffMax()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void derivedTimesFollowFromTheirSettings() {
        EightByEightProperties defaults = TestSettings.bind(EightByEightProperties.class, Map.of());
        assertThat(defaults.callTimeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(defaults.lease()).isEqualTo(Duration.ofSeconds(48));
        assertThat(defaults.shutdownTimeout()).isEqualTo(Duration.ofSeconds(15));
        EightByEightProperties drill = TestSettings.bind(EightByEightProperties.class, Map.of(
                "gateway.eightbyeight.connect-timeout", "1s", "gateway.eightbyeight.read-timeout", "3s"));
        assertThat(drill.lease()).isEqualTo(Duration.ofSeconds(16));
        assertThat(TestSettings.bind(CallRetries.class, Map.of()).authFailureBackoff()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void anUnknownCallWaitsUntilTheLogExportCanSettleIt() {
        // With reconciliation on, the UNKNOWN window is the last resort: the proof delay, then up to one interval
        // until the next run, must come first.
        assertThat(EvidenceTimes.UNKNOWN_OUTCOME_WINDOW)
                .isGreaterThan(EvidenceTimes.PROOF_DELAY.plus(EvidenceTimes.RECONCILE_INTERVAL))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void toStringNamesKeyHoldersButNeverTheirKeys() {
        Map<String, String> settings = new HashMap<>(LIVE);
        settings.put("gateway.api-keys.billing", "billing-key");
        settings.put("gateway.ops-api-keys.oncall", "oncall-key");

        String shown = TestSettings.bind(ClientPolicies.class, settings) + " "
                + TestSettings.bind(EightByEightProperties.class, settings);

        assertThat(shown).contains("billing").contains("oncall")
                .doesNotContain("billing-key").doesNotContain("oncall-key").doesNotContain("live-8x8-key");
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
                "GATEWAY_EIGHTBYEIGHT_DEFAULTSOURCE", "+6568880000",
                // A dash as _ reaches a plain key, but never a map's name: the docs drop dashes, everywhere.
                "GATEWAY_API_KEYS_REMINDERS", "reminders-key")));

        SettingsRecords.Bound bound = SettingsRecords.bindAll(new Binder(ConfigurationPropertySources.get(environment)),
                BindHandler.DEFAULT);

        assertThat(bound.problems()).isEmpty();
        ClientPolicies clients = bound.get(ClientPolicies.class);
        assertThat(clients.apiKeys()).containsOnlyKeys("billing");
        assertThat(clients.opsApiKeys()).containsEntry("oncall", "oncall-key");
        assertThat(clients.client("billing").maxMessagesPerMinute()).isEqualTo(120L);
        assertThat(bound.get(EightByEightProperties.class).defaultSource()).isEqualTo("+6568880000");
    }

    @Test
    void clientPolicyBindsWithItsDefaults() {
        Map<String, String> settings = new HashMap<>(LIVE);
        settings.put("gateway.api-keys.billing", "billing-key");
        settings.put("gateway.api-keys.reminders", "reminders-key");
        settings.put("gateway.clients.billing.max-messages-per-minute", "100");
        settings.put("gateway.clients.billing.weight", "3");
        settings.put("gateway.clients.reminders.max-messages-per-day", "50000");

        ClientPolicies clients = TestSettings.bind(ClientPolicies.class, settings);

        assertThat(clients.client("billing")).isEqualTo(new ClientProperties(100L, null, 3));
        assertThat(clients.client("reminders")).isEqualTo(new ClientProperties(null, 50000L, 1));
        assertThat(clients.client("nobody")).isEqualTo(ClientProperties.DEFAULTS);
    }

    @Test
    void aDefaultRegionIsAnUpperCaseRegionCode() {
        Map<String, String> settings = new HashMap<>(LIVE);
        settings.put("gateway.api-keys.billing", "billing-key");
        settings.put("gateway.clients.billing.default-region", " sg ");

        assertThat(TestSettings.bind(ClientPolicies.class, settings).client("billing").defaultRegion()).isEqualTo("SG");
        assertThat(ClientProperties.DEFAULTS.defaultRegion()).isNull();
    }

    @Test
    void aPolicyForAClientWithoutAKeyStopsTheStart() {
        Map<String, String> settings = new HashMap<>(LIVE);
        settings.put("gateway.api-keys.billing", "billing-key");
        settings.put("gateway.clients.biling.max-messages-per-minute", "100");

        assertThatThrownBy(() -> TestSettings.bind(ClientPolicies.class, settings))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid configuration: gateway.clients.biling has no key in gateway.api-keys.biling");
    }

    @Test
    void eachProblemIsOnePhraseNamingItsKeyAndNeverASecretsValue() {
        Map<String, String> settings = new HashMap<>();
        settings.put("gateway.default-validity", "48h");
        settings.put("gateway.eightbyeight.connect-timeout", "0s");
        settings.put("gateway.eightbyeight.subaccount-id", "x");
        settings.put("gateway.eightbyeight.max-calls-per-second", "2.5");
        settings.put("gateway.dispatch.backoff-max", "1s");
        settings.put("gateway.api-keys.billing", "billing-key");
        settings.put("gateway.clients.billing.callback-secret", "whsec_short");
        settings.put("gateway.clients.billing.priority", "urgent");
        settings.put("gateway.clients.billing.default-region", "XX");
        settings.put("gateway.eightbyeight.default-source", "68880000");

        assertThat(TestSettings.problems(settings)).contains(
                "gateway.default-validity must not be longer than max-validity",
                "gateway.eightbyeight.connect-timeout must be positive, was PT0S",
                "gateway.eightbyeight.subaccount-id must be 3 to 50 of A-Z a-z 0-9 - . _ &, was x",
                "gateway.eightbyeight.max-calls-per-second must be a whole number",
                "gateway.dispatch.backoff-max must not be less than backoff-base",
                "gateway.clients.billing.callback-secret must be a Standard Webhooks secret: whsec_ followed by"
                        + " base64 of 24 to 64 random bytes",
                "gateway.clients.billing.priority must be HIGH, NORMAL or LOW, was urgent",
                "gateway.clients.billing.default-region must be an ISO 3166 region code with phone numbers, like SG"
                        + " or GB",
                "gateway.eightbyeight.default-source must be a phone number in E.164: + and the country code, then"
                        + " digits only, like +6568880000")
                .noneMatch(problem -> problem.contains("whsec_short"));
    }
}
