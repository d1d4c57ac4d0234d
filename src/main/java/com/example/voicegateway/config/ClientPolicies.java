package com.example.voicegateway.config;

import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call and on what terms ({@code gateway.api-keys.*}, {@code gateway.ops-api-keys.*},
 * {@code gateway.clients.*}, {@code gateway.delivery-window.*}); shared: auth, quota, dispatch, callback and message
 * read it.
 *
 * @param apiKeys        each client's {@code X-API-Key} (or {@code {sha256}<hex>}; comma-separated to rotate)
 * @param opsApiKeys     keys of the ops role, same forms
 * @param clients        per-client policy; a client without an entry gets {@link ClientProperties#DEFAULTS}
 * @param deliveryWindow the window for clients that have none of their own; unset: any hour
 * @param allowedCountries ISO 3166 codes of the countries any call may go to, the ceiling of every client's own list;
 *                       unset: the countries of the configured caller ids (message.internal.CallPermissions)
 */
@Validated
@ClientsHaveKeys
@ConfigurationProperties("gateway")
public record ClientPolicies(
        Map<String, String> apiKeys,
        Map<String, String> opsApiKeys,
        Map<String, @Valid ClientProperties> clients,
        @Valid @NestedConfigurationProperty DeliveryWindowProperties deliveryWindow,
        @CountryCodes List<String> allowedCountries) {

    @ConstructorBinding
    public ClientPolicies {
        apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
        opsApiKeys = opsApiKeys == null ? Map.of() : Map.copyOf(opsApiKeys);
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        allowedCountries = CountryCodes.Validator.normalised(allowedCountries);
    }

    /** Keys, clients and a default window; no list of allowed countries (the caller ids' countries apply). */
    public ClientPolicies(Map<String, String> apiKeys, Map<String, String> opsApiKeys,
            Map<String, ClientProperties> clients, DeliveryWindowProperties deliveryWindow) {
        this(apiKeys, opsApiKeys, clients, deliveryWindow, List.of());
    }

    /** The policy of one client; a client without a {@code gateway.clients} entry gets the defaults. */
    public ClientProperties client(String name) {
        return clients.getOrDefault(name, ClientProperties.DEFAULTS);
    }

    @Override
    public String toString() {
        // Keys are secrets: show who has one, never the key itself.
        return "ClientPolicies[apiKeys=" + apiKeys.keySet() + ", opsApiKeys=" + opsApiKeys.keySet() + ", clients="
                + clients + ", deliveryWindow=" + deliveryWindow + ", allowedCountries=" + allowedCountries + "]";
    }
}
