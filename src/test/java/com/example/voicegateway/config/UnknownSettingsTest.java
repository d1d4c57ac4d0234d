package com.example.voicegateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.UnknownSettings.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.Deprecation;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class UnknownSettingsTest {

    private static final UnknownSettings NO_DEPRECATIONS = new UnknownSettings(Map.of());

    @Test
    void theDocumentedSpellingsAreAllKnown() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("gateway.api-keys.billing", "billing-key");
        properties.put("gateway.clients.billing.max-messages-per-minute", "100");
        properties.put("gateway.clients.billing.delivery-window.from", "09:00");
        properties.put("gateway.clients.billing.delivery-window.to", "17:00");
        properties.put("gateway.webhook.allowed-ips[0]", "10.0.0.0/8");
        properties.put("gateway.callbacks.retry-schedule", "5s, 1m");
        properties.put("gateway.eightbyeight.maxCallsPerSecond", "10");
        Map<String, Object> environment = new LinkedHashMap<>();
        // Both environment-variable forms Spring binds: dashes dropped, or written as underscores.
        environment.put("GATEWAY_EIGHTBYEIGHT_API_KEY", "live-key");
        environment.put("GATEWAY_EIGHTBYEIGHT_SUBACCOUNTID", "live-sub");
        environment.put("GATEWAY_APIKEYS_REMINDERS", "reminders-key");
        environment.put("GATEWAY_CLIENTS_REMINDERS_WEIGHT", "3");
        environment.put("GATEWAY_WEBHOOK_ALLOWEDIPS_1_", "192.168.0.0/16");
        environment.put("GATEWAY_DISPATCH_POOL_SIZE", "32");
        // A feature's own record, and the sandbox's even without its profile.
        environment.put("GATEWAY_INTAKE_STORETIMEOUT", "5s");
        environment.put("GATEWAY_SANDBOX_TIMESCALE", "1");
        environment.put("PATH", "/usr/bin");

        assertThat(find(NO_DEPRECATIONS, properties, environment)).isEmpty();
    }

    @Test
    void aMisspeltKeyIsNamedWhereverItIsAndHowEverItIsSpelt() {
        Map<String, Object> properties = Map.of(
                "gateway.api-keys.billing", "billing-key",
                "gateway.eightbyeight.api-kye", "live-key",
                "gateway.clients.billing.wieght", "3");
        Map<String, Object> environment = Map.of("GATEWAY_DISPACH_ENABLED", "false");

        assertThat(find(NO_DEPRECATIONS, properties, environment)).extracting(Finding::line).containsExactlyInAnyOrder(
                "Setting gateway.eightbyeight.api-kye (\"gateway.eightbyeight.api-kye\" from property source"
                        + " \"test\") is not a setting of this gateway and is ignored (misspelt?)",
                "Setting gateway.clients.billing.wieght (\"gateway.clients.billing.wieght\" from property source"
                        + " \"test\") is not a setting of this gateway and is ignored (misspelt?)",
                "Setting gateway.dispach.enabled (\"GATEWAY_DISPACH_ENABLED\" from property source \"systemEnvironment\")"
                        + " is not a setting of this gateway and is ignored (misspelt?)");
    }

    @Test
    void anUnknownKeyIsFoundEvenWhenTheSettingsDoNotBind() {
        // The misspelling is often why a setting is missing: it must be named next to that failure.
        List<Finding> findings = find(NO_DEPRECATIONS,
                Map.of("gateway.default-validity", "48h", "gateway.max-validty", "72h"), Map.of());

        assertThat(findings).extracting(Finding::key).containsExactly("gateway.max-validty");
    }

    @Test
    void anEmptyRemovedKeyIsUnset() {
        // docker compose passes an unset variable on as an empty one (GATEWAY_SANDBOX_ENABLED: ${...:-}).
        UnknownSettings checker = new UnknownSettings(Map.of("gateway.sandbox.enabled",
                deprecated("gateway.sandbox.enabled", null, "the sandbox is the Spring profile 'sandbox' now")));

        assertThat(find(checker, Map.of(), Map.of("GATEWAY_SANDBOX_ENABLED", ""))).isEmpty();
        assertThat(find(checker, Map.of(), Map.of("GATEWAY_SANDBOX_ENABLED", "false"))).extracting(Finding::key)
                .containsExactly("gateway.sandbox.enabled");
    }

    @Test
    void aRenamedKeyNamesItsReplacementOnce() {
        UnknownSettings checker = new UnknownSettings(Map.of("gateway.validity.default",
                deprecated("gateway.validity.default", "gateway.default-validity", null)));

        List<Finding> findings = find(checker, Map.of("gateway.validity.default", "2h"),
                Map.of("GATEWAY_VALIDITY_DEFAULT", "3h"));

        assertThat(findings).extracting(Finding::line).containsExactly("Setting gateway.validity.default"
                + " (\"gateway.validity.default\" from property source \"test\") was renamed gateway.default-validity;"
                + " its value is used for gateway.default-validity until you rename it");
    }

    @Test
    void theRetiredSandboxSwitchPointsToTheProfile() {
        // From the real metadata: the build merges additional-spring-configuration-metadata.json into it.
        List<Finding> findings = find(UnknownSettings.fromClassPath(), Map.of(),
                Map.of("GATEWAY_SANDBOX_ENABLED", "false"));

        assertThat(findings).extracting(Finding::line).containsExactly("Setting gateway.sandbox.enabled"
                + " (\"GATEWAY_SANDBOX_ENABLED\" from property source \"systemEnvironment\") no longer exists and is"
                + " ignored: the"
                + " sandbox is the Spring profile 'sandbox' now: start with --spring.profiles.active=sandbox"
                + " (SPRING_PROFILES_ACTIVE=sandbox) to simulate calls; without it calls go to 8x8");
    }

    @Test
    void aKeyTurnedIntoAConstantOrDerivedSaysSoAndWhatItIsNow() {
        // From the real metadata: one WARN per removed key, with the reason it has no effect any more.
        List<Finding> findings = find(UnknownSettings.fromClassPath(), Map.of("gateway.dispatch.lease", "2m",
                "gateway.retention.batch-size", "100",
                "resilience4j.ratelimiter.instances.eightByEight.limit-for-period", "20"), Map.of());

        assertThat(findings).extracting(Finding::line).containsExactlyInAnyOrder(
                "Setting gateway.dispatch.lease (\"gateway.dispatch.lease\" from property source \"test\") no longer"
                        + " exists and is ignored: derived: 4 x (gateway.eightbyeight.connect-timeout + read-timeout),"
                        + " 48s by default; remove it",
                "Setting gateway.retention.batch-size (\"gateway.retention.batch-size\" from property source \"test\")"
                        + " no longer exists and is ignored: now a constant of 500; remove it",
                "Setting resilience4j.ratelimiter.instances.eightByEight.limit-for-period"
                        + " (\"resilience4j.ratelimiter.instances.eightByEight.limit-for-period\" from property source"
                        + " \"test\") no longer exists and is ignored: the Resilience4j rate limiter is gone: 8x8's rate"
                        + " is gateway.eightbyeight.max-calls-per-second, one bucket shared by all instances; remove it");
    }

    @Test
    void theStrictSwitchIsItselfASetting() {
        StandardEnvironment environment = environment(Map.of("gateway.strict-settings", "true"), Map.of());
        UnknownSettings.ReadNames read = new UnknownSettings.ReadNames();
        Binder binder = Binder.get(environment);
        binder.bind(UnknownSettings.STRICT, Bindable.of(Boolean.class), read);
        SettingsRecords.bindAll(binder, read);

        assertThat(NO_DEPRECATIONS.find(read)).isEmpty();
    }

    private static List<Finding> find(UnknownSettings checker, Map<String, Object> properties,
            Map<String, Object> environmentVariables) {
        UnknownSettings.ReadNames read = new UnknownSettings.ReadNames();
        // Invalid values are reported apart (as problems); what was read still counts.
        SettingsRecords.bindAll(Binder.get(environment(properties, environmentVariables)), read);
        return checker.find(read);
    }

    private static StandardEnvironment environment(Map<String, Object> properties,
            Map<String, Object> environmentVariables) {
        StandardEnvironment environment = new StandardEnvironment();
        // Only the variables given: the machine's own GATEWAY_* variables must not leak into the test.
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        environmentVariables));
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }

    private static ConfigurationMetadataProperty deprecated(String id, String replacement, String reason) {
        Deprecation deprecation = new Deprecation();
        deprecation.setReplacement(replacement);
        deprecation.setReason(reason);
        ConfigurationMetadataProperty property = new ConfigurationMetadataProperty();
        property.setId(id);
        property.setName(id);
        property.setType("java.time.Duration");
        property.setDeprecation(deprecation);
        return property;
    }
}
