package com.example.voicegateway.config;

import com.example.voicegateway.phone.PhoneNumbers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The caller ids the gateway may place calls from ({@code gateway.eightbyeight.default-source} and
 * {@code gateway.eightbyeight.sources}), in E.164, and which one a call to a country goes out from: the first of that
 * country's {@code sources}, else the default. 8x8 places a local call only from a source registered on the account,
 * so a message to Indonesia goes out from the Indonesian number. Read by intake (a message's own {@code source} must
 * be one of them, and the allowed countries default to theirs), dispatch (each call's source) and the sandbox (the
 * numbers its emulated account has). Checked at start by {@link EightByEightProperties}.
 */
@Component
public class CallerIds {

    private final String defaultSource;
    /** Country code to its caller ids, in E.164, the first one used. */
    private final Map<String, List<String>> byCountry;
    private final Set<String> all;

    public CallerIds(EightByEightProperties eightByEight) {
        String configured = eightByEight.defaultSource();
        this.defaultSource = configured == null || configured.isBlank() ? null
                : PhoneNumbers.read(configured.trim(), null).e164();
        Map<String, List<String>> byCountry = new LinkedHashMap<>();
        Set<String> all = new LinkedHashSet<>();
        if (defaultSource != null) {
            all.add(defaultSource);
        }
        eightByEight.sources().forEach((country, numbers) -> {
            // Checked at start (SourceNumbers): each one E.164 and of its country.
            List<String> e164 = numbers.stream().map(n -> PhoneNumbers.read(n, null).e164()).toList();
            byCountry.put(country, e164);
            all.addAll(e164);
        });
        this.byCountry = Collections.unmodifiableMap(byCountry);
        this.all = Collections.unmodifiableSet(all);
    }

    /** {@code gateway.eightbyeight.default-source} in E.164; null when none is set. */
    public String defaultSource() {
        return defaultSource;
    }

    /** The caller id a call to {@code destination} (E.164) goes out from when its message names none; may be null. */
    public String forDestination(String destination) {
        return forCountry(PhoneNumbers.country(destination));
    }

    /** The same for a number whose country is known already ({@link PhoneNumbers#country}). */
    public String forCountry(PhoneNumbers.Country country) {
        List<String> own = country == null || country.region() == null ? null : byCountry.get(country.region());
        return own == null ? defaultSource : own.get(0);
    }

    /** Whether {@code number} (E.164) is one of the configured caller ids. */
    public boolean contains(String number) {
        return all.contains(number);
    }

    /** Every configured caller id, the default first. */
    public Set<String> all() {
        return all;
    }

    /** The configured caller ids by country, as set in {@code gateway.eightbyeight.sources}. */
    public Map<String, List<String>> byCountry() {
        return byCountry;
    }

    /**
     * The countries of the configured caller ids: where the gateway may place calls when
     * {@code gateway.allowed-countries} does not say otherwise.
     */
    public Set<String> countries() {
        Set<String> countries = new LinkedHashSet<>();
        PhoneNumbers.Country home = PhoneNumbers.country(defaultSource);
        if (home != null && home.region() != null && !home.network()) {
            countries.add(home.region());
        }
        countries.addAll(byCountry.keySet());
        return countries;
    }
}
