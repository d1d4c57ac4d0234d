package com.example.voicegateway.message.internal;

import com.example.voicegateway.config.CallerIds;
import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.config.ClientProperties;
import com.example.voicegateway.config.InvalidSettingException;
import com.example.voicegateway.phone.PhoneNumbers;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Where a client's key may call (issue 27, toll fraud): the countries of {@code gateway.allowed-countries}, narrowed by
 * the client's own {@code gateway.clients.<name>.allowed-countries}, and no premium numbers unless the client has
 * {@code allow-premium-numbers}. Intake asks it for a message's destination and each fallback, so every way in
 * (a single message, a broadcast's rows) refuses the same numbers with the same words.
 *
 * <p>The gateway's list is a ceiling: unset, it is the countries of the configured caller ids (a gateway with a
 * Singaporean caller id calls Singapore only); a client's list can only narrow it, and one that names a country beyond
 * it stops the start, as does a gateway with no country at all. A number's country is its own range's, not its
 * calling code's: +44 7911 is Guernsey, +1 876 is Jamaica. A number of a shared calling code that fits none of its
 * countries' ranges could ring any of them, so it is allowed only where all of them are; an international network
 * (+800, +881, +882, +883, ...) is no country and never allowed.
 *
 * <p>Pure: the settings are read once, and every answer is a function of the client and the number.
 */
@Component
class CallPermissions {

    /**
     * The number types whose price the callee's side sets, or shares with the caller's carrier: premium-rate,
     * shared-cost, universal access (UAN, in several countries a revenue-sharing range) and personal numbers (forwarded
     * to wherever their owner likes, at a premium: the UK's 070). VoIP, toll-free, pagers and numbers of unknown type
     * are ordinary calls.
     */
    static final Set<PhoneNumberType> PREMIUM = Collections.unmodifiableSet(EnumSet.of(PhoneNumberType.PREMIUM_RATE,
            PhoneNumberType.SHARED_COST, PhoneNumberType.UAN, PhoneNumberType.PERSONAL_NUMBER));

    private final ClientPolicies clients;
    /** The gateway's countries, in the order configured. */
    private final Set<String> ceiling;
    private final Map<String, Set<String>> perClient = new LinkedHashMap<>();

    CallPermissions(ClientPolicies clients, CallerIds callerIds) {
        this.clients = clients;
        boolean listed = !clients.allowedCountries().isEmpty();
        this.ceiling = Collections.unmodifiableSet(new LinkedHashSet<>(listed ? clients.allowedCountries()
                : callerIds.countries()));
        List<String> problems = new ArrayList<>();
        if (callerIds.all().isEmpty()) {
            problems.add("no caller id is configured: set gateway.eightbyeight.default-source"
                    + " (GATEWAY_EIGHTBYEIGHT_DEFAULTSOURCE) or gateway.eightbyeight.sources.<country>, numbers"
                    + " registered on the 8x8 account, like +6568880000; a message's own source must be one of them");
        }
        if (ceiling.isEmpty() && !callerIds.all().isEmpty()) {
            problems.add("gateway.allowed-countries is not set and no caller id has a country to take it from: set"
                    + " the countries calls may go to, like GATEWAY_ALLOWEDCOUNTRIES=SG");
        }
        clients.clients().forEach((name, client) -> {
            if (client.allowedCountries().isEmpty()) {
                return;
            }
            List<String> beyond = client.allowedCountries().stream().filter(c -> !ceiling.contains(c)).toList();
            if (!beyond.isEmpty()) {
                problems.add("gateway.clients." + name + ".allowed-countries names " + String.join(", ", beyond)
                        + ", which the gateway does not allow (" + (listed ? "gateway.allowed-countries: "
                                : "gateway.allowed-countries is not set, so the caller ids' countries: ")
                        + String.join(", ", ceiling) + "); a client's list can only narrow the gateway's");
            }
            perClient.put(name, Collections.unmodifiableSet(new LinkedHashSet<>(client.allowedCountries())));
        });
        if (!problems.isEmpty()) {
            throw new InvalidSettingException("Invalid configuration: " + String.join("; ", problems));
        }
    }

    /** The countries {@code clientName} may call (ISO 3166 codes); the gateway's for a client without a list. */
    Set<String> allowed(String clientName) {
        return clientName == null ? ceiling : perClient.getOrDefault(clientName, ceiling);
    }

    /** Why {@code clientName} may not call {@code e164}, in words for the field at fault; null when it may. */
    String refusal(String clientName, String e164) {
        return refusal(clientName, PhoneNumbers.country(e164));
    }

    /** The same for a number whose country is known already ({@link PhoneNumbers#country}). */
    String refusal(String clientName, PhoneNumbers.Country country) {
        if (country == null) {
            // Intake read it as a possible number already: nothing left to refuse here.
            return null;
        }
        Set<String> allowed = allowed(clientName);
        String list = "; allowed: " + String.join(", ", allowed);
        if (country.network()) {
            return "calls to " + country.describe() + " are not allowed: it is no country, and only countries can be"
                    + " allowed" + list;
        }
        if (country.region() == null) {
            if (!allowed.containsAll(country.regions())) {
                return "calls to +" + country.callingCode() + " numbers outside every known range are not allowed for"
                        + " this client: such a number could ring any of " + country.regions().size()
                        + " countries" + list;
            }
        } else if (!allowed.contains(country.region())) {
            return "calls to " + country.describe() + " are not allowed for this client" + list;
        }
        if (PREMIUM.contains(country.type()) && !premiumAllowed(clientName)) {
            return "is a " + kind(country.type()) + " number of " + country.describe() + ", which this client may not"
                    + " call" + (clientName == null ? "" : " (gateway.clients." + clientName
                            + ".allow-premium-numbers)");
        }
        return null;
    }

    private boolean premiumAllowed(String clientName) {
        ClientProperties client = clientName == null ? ClientProperties.DEFAULTS : clients.client(clientName);
        return client.allowPremiumNumbers();
    }

    private static String kind(PhoneNumberType type) {
        switch (type) {
            case PREMIUM_RATE:
                return "premium-rate";
            case SHARED_COST:
                return "shared-cost";
            case UAN:
                return "universal access (UAN)";
            default:
                return "personal (forwarded)";
        }
    }
}
