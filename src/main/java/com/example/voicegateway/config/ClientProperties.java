package com.example.voicegateway.config;

import com.example.voicegateway.schedule.Priority;
import com.standardwebhooks.Webhook;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-client policy, {@code gateway.clients.<name>.*}; the client's key stays in {@code gateway.api-keys.<name>}.
 * Other features add their own fields here.
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
 */
public record ClientProperties(
        @Positive Long maxMessagesPerMinute,
        @Positive Long maxMessagesPerDay,
        @Min(1) @Max(1000) @DefaultValue("1") int weight,
        List<String> callbackHosts,
        String callbackSecret,
        URI callbackUrl,
        DeliveryWindowProperties deliveryWindow,
        String priority) {

    /** A client without an entry of its own: no quota, weight 1, no callbacks. */
    public static final ClientProperties DEFAULTS = new ClientProperties(null, null, 1);

    private static final Pattern HOST = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private static final Pattern ADDRESS_LIKE = Pattern.compile(
            "(\\[?[0-9a-f.]*:[0-9a-f:.]*]?|[0-9]{1,3}(\\.[0-9]{1,3}){3})(/[0-9]+)?");
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(.*\\.)?[0-9]+");

    @ConstructorBinding
    public ClientProperties {
        callbackHosts = callbackHosts == null ? List.of()
                : callbackHosts.stream().map(h -> h == null ? "" : h.trim().toLowerCase(Locale.ROOT)).toList();
        callbackSecret = callbackSecret == null || callbackSecret.isBlank() ? null : callbackSecret.trim();
    }

    /** Quotas and weight only: no callbacks. */
    public ClientProperties(Long maxMessagesPerMinute, Long maxMessagesPerDay, int weight) {
        this(maxMessagesPerMinute, maxMessagesPerDay, weight, List.of(), null, null, null, null);
    }

    /** The priority a message of this client gets when it names none. */
    public Priority defaultPriority() {
        return priority == null ? Priority.NORMAL : Priority.valueOf(priority.trim().toUpperCase(Locale.ROOT));
    }

    /** The callback-hosts entries that are host names or {@code *.} patterns. */
    public List<String> callbackHostNames() {
        return callbackHosts.stream().filter(h -> !isAddressEntry(h)).toList();
    }

    /**
     * The callback-hosts entries that are IP addresses or CIDR ranges: a URL may name these addresses, and a
     * callback may connect to them even when they are internal. Entries that do not parse were refused at start-up.
     */
    public IpRanges callbackAddresses() {
        return new IpRanges(callbackHosts.stream().filter(ClientProperties::isAddressEntry)
                .filter(ClientProperties::validAddressEntry).toList());
    }

    /** An entry written as an IP address or range (IPv6 with colons, or a dotted quad), not as a name. */
    static boolean isAddressEntry(String entry) {
        return ADDRESS_LIKE.matcher(entry).matches();
    }

    private static boolean validAddressEntry(String entry) {
        try {
            new IpRanges(List.of(entry));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean hasQuota() {
        return maxMessagesPerMinute != null || maxMessagesPerDay != null;
    }

    /** Format problems of this client's settings, each naming the setting; empty when all is well. */
    List<String> problems(String name) {
        String prefix = "gateway.clients." + name + ".";
        List<String> problems = new ArrayList<>();
        for (String host : callbackHosts) {
            if (isAddressEntry(host)) {
                if (!validAddressEntry(host)) {
                    problems.add(prefix + "callback-hosts has '" + host + "', which is not an IP address or CIDR range"
                            + " (such as 127.0.0.1, 10.20.0.0/16 or fd00::/8)");
                }
            } else if (!HOST.matcher(host).matches() || NUMERIC_LAST_LABEL.matcher(host).matches()) {
                // 127.1 or 2130706433 would be resolved as 127.0.0.1: an address is written a.b.c.d or not at all.
                problems.add(prefix + "callback-hosts has '" + host + "': use a host name such as hooks.example.com"
                        + " or *.example.com, or an IP address or CIDR range such as 127.0.0.1 or 10.20.0.0/16");
            }
        }
        if (callbackSecret != null && !validSecret(callbackSecret)) {
            // Never echo the value: it is a secret, even when it is a malformed one.
            problems.add(prefix + "callback-secret must be a Standard Webhooks secret: whsec_ followed by base64"
                    + " of 24 to 64 random bytes");
        }
        if (!callbackHosts.isEmpty() && callbackSecret == null) {
            problems.add(prefix + "callback-hosts is set but " + prefix + "callback-secret is not; callbacks are"
                    + " always signed");
        }
        if (callbackUrl != null && callbackHosts.isEmpty()) {
            problems.add(prefix + "callback-url is set but " + prefix + "callback-hosts is empty");
        }
        if (priority != null && Arrays.stream(Priority.values())
                .noneMatch(p -> p.name().equalsIgnoreCase(priority.trim()))) {
            problems.add(prefix + "priority must be HIGH, NORMAL or LOW, was '" + priority + "'");
        }
        if (deliveryWindow != null) {
            problems.addAll(deliveryWindow.problems(prefix + "delivery-window"));
        }
        return problems;
    }

    private static boolean validSecret(String secret) {
        if (!secret.startsWith("whsec_")) {
            return false;
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            new Webhook(secret);
            return key.length >= 24 && key.length <= 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ClientProperties[maxMessagesPerMinute=" + maxMessagesPerMinute + ", maxMessagesPerDay="
                + maxMessagesPerDay + ", weight=" + weight + ", callbackHosts=" + callbackHosts + ", callbackSecret="
                + (callbackSecret == null ? "<unset>" : "<hidden>") + ", callbackUrl="
                // A receiver's URL may carry a token in its path or query: the host says enough.
                + (callbackUrl == null ? null : callbackUrl.getScheme() + "://" + callbackUrl.getHost() + "/…")
                + ", deliveryWindow=" + deliveryWindow + ", priority=" + priority + "]";
    }
}
