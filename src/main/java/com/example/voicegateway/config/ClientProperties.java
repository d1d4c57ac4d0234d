package com.example.voicegateway.config;

import com.example.voicegateway.phone.PhoneNumbers;
import com.example.voicegateway.schedule.Priority;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-client policy, {@code gateway.clients.<name>.*} (in {@link ClientPolicies}); the client's key stays in
 * {@code gateway.api-keys.<name>}. Shared: auth, quota, dispatch, callback and message read it.
 *
 * @param maxMessagesPerMinute accepted messages per UTC minute, counted across instances; null: no quota
 * @param maxMessagesPerDay    accepted messages per UTC day, counted across instances; null: no quota
 * @param weight               the client's share of 8x8's rate when several clients have due messages
 * @param callbackHosts        hosts this client's callback URLs may name: exact names or {@code *.example.com} (any
 *                             subdomain, not the bare domain), and IP addresses or CIDR ranges, which also allow
 *                             callbacks to connect there when the address is internal (loopback, private, ...);
 *                             empty means callbacks are off for the client
 * @param callbackSecret       the Standard Webhooks secret ({@code whsec_} + base64) callbacks are signed with
 * @param callbackUrl          where callbacks go when a message names no {@code callbackUrl}; unset means none
 * @param deliveryWindow       the window for this client's messages that name none; unset: the global one, if any
 * @param priority             HIGH, NORMAL or LOW for this client's messages that name none; unset: NORMAL
 * @param defaultRegion        ISO 3166 region code ({@code SG}) in which this client's numbers without {@code +} are
 *                             read as national numbers; unset: a number without {@code +} is refused
 * @param allowedCountries     ISO 3166 codes of the countries this client's calls may go to, within
 *                             {@code gateway.allowed-countries}; unset: all of those
 * @param allowPremiumNumbers  whether this client may call premium-rate, shared-cost, universal-access and personal
 *                             numbers (message.internal.CallPermissions); off unless set
 * @param maxCallsPerDay       calls placed per UTC day to each destination country, counted across instances
 *                             (ratelimit.DailyCallBudget); null: no limit
 */
public record ClientProperties(
        @Positive Long maxMessagesPerMinute,
        @Positive Long maxMessagesPerDay,
        @Min(1) @Max(1000) @DefaultValue("1") int weight,
        @CallbackHosts List<String> callbackHosts,
        @WhsecSecret String callbackSecret,
        URI callbackUrl,
        @Valid DeliveryWindowProperties deliveryWindow,
        @Pattern(regexp = "\\s*(?i:HIGH|NORMAL|LOW)\\s*", message = "must be HIGH, NORMAL or LOW") String priority,
        String defaultRegion,
        @CountryCodes List<String> allowedCountries,
        @DefaultValue("false") boolean allowPremiumNumbers,
        @Positive Long maxCallsPerDay) {

    /** A client without an entry of its own: no quota, weight 1, no callbacks. */
    public static final ClientProperties DEFAULTS = new ClientProperties(null, null, 1);

    @ConstructorBinding
    public ClientProperties {
        callbackHosts = callbackHosts == null ? List.of()
                : callbackHosts.stream().map(h -> h == null ? "" : h.trim().toLowerCase(Locale.ROOT)).toList();
        callbackSecret = callbackSecret == null || callbackSecret.isBlank() ? null : callbackSecret.trim();
        defaultRegion = defaultRegion == null || defaultRegion.isBlank() ? null
                : defaultRegion.trim().toUpperCase(Locale.ROOT);
        allowedCountries = CountryCodes.Validator.normalised(allowedCountries);
    }

    /** Quotas and weight only: no callbacks. */
    public ClientProperties(Long maxMessagesPerMinute, Long maxMessagesPerDay, int weight) {
        this(maxMessagesPerMinute, maxMessagesPerDay, weight, List.of(), null, null, null, null, null, null, false,
                null);
    }

    /** Everything but where the client may call: the gateway's countries, no premium numbers, no daily limit. */
    public ClientProperties(Long maxMessagesPerMinute, Long maxMessagesPerDay, int weight, List<String> callbackHosts,
            String callbackSecret, URI callbackUrl, DeliveryWindowProperties deliveryWindow, String priority,
            String defaultRegion) {
        this(maxMessagesPerMinute, maxMessagesPerDay, weight, callbackHosts, callbackSecret, callbackUrl,
                deliveryWindow, priority, defaultRegion, null, false, null);
    }

    @AssertTrue(message = "callback-hosts is set but callback-secret is not; callbacks are always signed")
    public boolean isSecretSetWithHosts() {
        return callbackHosts.isEmpty() || callbackSecret != null;
    }

    @AssertTrue(message = "callback-url is set but callback-hosts is empty")
    public boolean isHostsSetWithUrl() {
        return callbackUrl == null || !callbackHosts.isEmpty();
    }

    @AssertTrue(message = "default-region must be an ISO 3166 region code with phone numbers, like SG or GB")
    public boolean isDefaultRegionKnown() {
        return defaultRegion == null || PhoneNumbers.isRegion(defaultRegion);
    }

    /** The priority a message of this client gets when it names none. */
    public Priority defaultPriority() {
        return priority == null ? Priority.NORMAL : Priority.valueOf(priority.trim().toUpperCase(Locale.ROOT));
    }

    /** The callback-hosts entries that are host names or {@code *.} patterns. */
    public List<String> callbackHostNames() {
        return callbackHosts.stream().filter(h -> !CallbackHosts.Validator.isAddressEntry(h)).toList();
    }

    /**
     * The callback-hosts entries that are IP addresses or CIDR ranges: a URL may name these addresses, and a
     * callback may connect to them even when they are internal. Entries that do not parse were refused at start-up.
     */
    public IpRanges callbackAddresses() {
        return new IpRanges(callbackHosts.stream().filter(CallbackHosts.Validator::isAddressEntry)
                .filter(CallbackHosts.Validator::validAddressEntry).toList());
    }

    public boolean hasQuota() {
        return maxMessagesPerMinute != null || maxMessagesPerDay != null;
    }

    @Override
    public String toString() {
        return "ClientProperties[maxMessagesPerMinute=" + maxMessagesPerMinute + ", maxMessagesPerDay="
                + maxMessagesPerDay + ", weight=" + weight + ", callbackHosts=" + callbackHosts + ", callbackSecret="
                + (callbackSecret == null ? "<unset>" : "<hidden>") + ", callbackUrl="
                // A receiver's URL may carry a token in its path or query: the host says enough.
                + (callbackUrl == null ? null : callbackUrl.getScheme() + "://" + callbackUrl.getHost() + "/…")
                + ", deliveryWindow=" + deliveryWindow + ", priority=" + priority + ", defaultRegion=" + defaultRegion
                + ", allowedCountries=" + allowedCountries + ", allowPremiumNumbers=" + allowPremiumNumbers
                + ", maxCallsPerDay=" + maxCallsPerDay + "]";
    }
}
