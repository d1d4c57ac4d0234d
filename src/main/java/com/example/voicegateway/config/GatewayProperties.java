package com.example.voicegateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code gateway.*} setting, bound once and validated at start-up so a bad value stops the service
 * with a message naming it instead of failing on the first request. {@code @NestedConfigurationProperty} makes the
 * configuration processor describe each nested key, so that the metadata (and spring-boot-properties-migrator, which
 * maps a renamed key only to a key it finds there) knows them all.
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(
        Map<String, String> apiKeys,
        Map<String, String> opsApiKeys,
        @NotNull @DefaultValue("1h") Duration defaultValidity,
        @NotNull @DefaultValue("24h") Duration maxValidity,
        @Valid @NotNull @DefaultValue @NestedConfigurationProperty EightByEightProperties eightbyeight,
        @Valid @NotNull @DefaultValue @NestedConfigurationProperty IntakeProperties intake,
        @Valid @NotNull @DefaultValue @NestedConfigurationProperty DispatchProperties dispatch,
        @Valid @NotNull @DefaultValue @NestedConfigurationProperty WebhookProperties webhook,
        @Valid @NotNull @DefaultValue @NestedConfigurationProperty SandboxProperties sandbox,
        Map<String, @Valid ClientProperties> clients,
        @Valid @NotNull @DefaultValue @NestedConfigurationProperty RedialProperties redial,
        @Valid @NotNull @DefaultValue @NestedConfigurationProperty CallbacksProperties callbacks,
        @Valid @NotNull @DefaultValue @NestedConfigurationProperty ReconcileProperties reconcile,
        @Valid @NotNull @DefaultValue @NestedConfigurationProperty RetentionProperties retention,
        @NestedConfigurationProperty DeliveryWindowProperties deliveryWindow) {

    public GatewayProperties {
        apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
        opsApiKeys = opsApiKeys == null ? Map.of() : Map.copyOf(opsApiKeys);
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        List<String> problems = new ArrayList<>();
        checkSettingsAgree(problems, defaultValidity, maxValidity, eightbyeight);
        SettingsChecks.check(problems, maxValidity, eightbyeight, dispatch, webhook, retention);
        if (!problems.isEmpty()) {
            throw new InvalidSettingException("Invalid configuration: " + String.join("; ", problems));
        }
        checkClientsHaveKeys(clients, apiKeys);
        checkPolicies(clients, deliveryWindow);
        checkReconcileAgrees(dispatch, reconcile);
    }

    /**
     * With reconciliation on, the UNKNOWN window is the last resort for when no export is possible: it must leave the
     * reconciler time to get 8x8's evidence first (the proof delay, then up to one interval until the next run).
     */
    private static void checkReconcileAgrees(DispatchProperties dispatch, ReconcileProperties reconcile) {
        if (dispatch == null || reconcile == null || !reconcile.enabled() || dispatch.unknownOutcomeWindow() == null
                || reconcile.proofDelay() == null || reconcile.interval() == null) {
            return;
        }
        Duration evidence = reconcile.proofDelay().plus(reconcile.interval());
        if (dispatch.unknownOutcomeWindow().compareTo(evidence) <= 0) {
            throw new InvalidSettingException("Invalid configuration: gateway.dispatch.unknown-outcome-window ("
                    + dispatch.unknownOutcomeWindow() + ") must exceed gateway.reconcile.proof-delay + interval ("
                    + evidence + "), or unknown calls fail on a guess before 8x8's log export can settle them");
        }
    }

    /** Each client's own settings and the global window; every problem in the one line. */
    private static void checkPolicies(Map<String, ClientProperties> clients, DeliveryWindowProperties window) {
        List<String> problems = new ArrayList<>();
        clients.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> problems.addAll(e.getValue().problems(e.getKey())));
        if (window != null) {
            problems.addAll(window.problems("gateway.delivery-window"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingException("Invalid configuration: " + String.join("; ", problems));
        }
    }

    /**
     * Checks across settings, which annotations on one field cannot express. All problems go into one line so a
     * misconfigured deployment is fixed in one round trip.
     */
    private static void checkSettingsAgree(List<String> problems, Duration defaultValidity, Duration maxValidity,
            EightByEightProperties eightbyeight) {
        if (defaultValidity != null && (defaultValidity.isZero() || defaultValidity.isNegative())) {
            problems.add("gateway.default-validity must be positive, was " + defaultValidity);
        }
        if (maxValidity != null && (maxValidity.isZero() || maxValidity.isNegative())) {
            problems.add("gateway.max-validity must be positive, was " + maxValidity);
        }
        if (defaultValidity != null && maxValidity != null && defaultValidity.compareTo(maxValidity) > 0) {
            problems.add("gateway.default-validity (" + defaultValidity + ") is longer than gateway.max-validity ("
                    + maxValidity + ")");
        }
        if (eightbyeight != null) {
            if (eightbyeight.connectTimeout() != null && !isPositive(eightbyeight.connectTimeout())) {
                problems.add("gateway.eightbyeight.connect-timeout must be positive");
            }
            if (eightbyeight.readTimeout() != null && !isPositive(eightbyeight.readTimeout())) {
                problems.add("gateway.eightbyeight.read-timeout must be positive");
            }
            URI baseUrl = eightbyeight.baseUrl();
            if (baseUrl != null && (!baseUrl.isAbsolute() || baseUrl.getHost() == null
                    || !("https".equalsIgnoreCase(baseUrl.getScheme()) || "http".equalsIgnoreCase(baseUrl.getScheme())))) {
                problems.add("gateway.eightbyeight.base-url must be an absolute http(s) URL such as"
                        + " https://voice.8x8.com, was '" + baseUrl + "'");
            }
            URI reportingUrl = eightbyeight.reportingBaseUrl();
            if (reportingUrl != null && (!reportingUrl.isAbsolute() || reportingUrl.getHost() == null
                    || !("https".equalsIgnoreCase(reportingUrl.getScheme())
                            || "http".equalsIgnoreCase(reportingUrl.getScheme())))) {
                problems.add("gateway.eightbyeight.reporting-base-url must be an absolute http(s) URL such as"
                        + " https://voice.wavecell.com, was '" + reportingUrl + "'");
            }
        }
    }

    /** The policy of one client; a client without a {@code gateway.clients} entry gets the defaults. */
    public ClientProperties client(String name) {
        return clients.getOrDefault(name, ClientProperties.DEFAULTS);
    }

    private static void checkClientsHaveKeys(Map<String, ClientProperties> clients, Map<String, String> apiKeys) {
        // A policy for a name without a key is a typo that would silently leave the real client unlimited.
        List<String> orphans = clients.keySet().stream().filter(name -> !apiKeys.containsKey(name)).sorted().toList();
        if (!orphans.isEmpty()) {
            throw new InvalidSettingException("Invalid configuration: gateway.clients." + orphans.get(0)
                    + " has no key in gateway.api-keys." + orphans.get(0) + " (clients with a policy but no key: "
                    + orphans + ")");
        }
    }

    @Override
    public String toString() {
        // Keys are secrets: show who has one, never the key itself.
        return "GatewayProperties[apiKeys=" + apiKeys.keySet() + ", opsApiKeys=" + opsApiKeys.keySet()
                + ", defaultValidity=" + defaultValidity + ", maxValidity=" + maxValidity + ", eightbyeight="
                + eightbyeight + ", intake=" + intake + ", dispatch=" + dispatch + ", webhook=" + webhook
                + ", sandbox=" + sandbox + ", clients=" + clients + ", redial=" + redial + ", callbacks="
                + callbacks + ", reconcile=" + reconcile + ", retention=" + retention
                + ", deliveryWindow=" + deliveryWindow + "]";
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isZero() && !duration.isNegative();
    }
}
