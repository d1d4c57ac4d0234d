package com.example.voicegateway.config;

import com.standardwebhooks.Webhook;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One client's policy ({@code gateway.clients.<name>.*}); the client's key stays in {@code gateway.api-keys.<name>}.
 * Features add their own per-client fields here.
 *
 * @param callbackHosts  hosts this client's callback URLs may name: exact names or {@code *.example.com} (any
 *                       subdomain, not the bare domain); empty means callbacks are off for the client
 * @param callbackSecret the Standard Webhooks secret ({@code whsec_} + base64) callbacks are signed with
 * @param callbackUrl    where callbacks go when a message names no {@code callbackUrl}; unset means none
 */
public record ClientProperties(List<String> callbackHosts, String callbackSecret, URI callbackUrl) {

    private static final Pattern HOST = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    public ClientProperties {
        callbackHosts = callbackHosts == null ? List.of()
                : callbackHosts.stream().map(h -> h == null ? "" : h.trim().toLowerCase(Locale.ROOT)).toList();
        callbackSecret = callbackSecret == null || callbackSecret.isBlank() ? null : callbackSecret.trim();
    }

    /** A client nobody configured: no callbacks. */
    public static final ClientProperties NONE = new ClientProperties(List.of(), null, null);

    /** Whether callbacks can be sent for this client at all. */
    public boolean callbacksOn() {
        return !callbackHosts.isEmpty() && callbackSecret != null;
    }

    /** Format problems of this client's settings, each naming the setting; empty when all is well. */
    List<String> problems(String name) {
        String prefix = "gateway.clients." + name + ".";
        List<String> problems = new ArrayList<>();
        for (String host : callbackHosts) {
            if (!HOST.matcher(host).matches()) {
                problems.add(prefix + "callback-hosts has '" + host + "': use a host name such as hooks.example.com"
                        + " or *.example.com");
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
        return problems;
    }

    private static boolean validSecret(String secret) {
        if (!secret.startsWith("whsec_")) {
            return false;
        }
        try {
            byte[] key = java.util.Base64.getDecoder().decode(secret.substring("whsec_".length()));
            new Webhook(secret);
            return key.length >= 24 && key.length <= 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ClientProperties[callbackHosts=" + callbackHosts + ", callbackSecret="
                + (callbackSecret == null ? "<unset>" : "<hidden>") + ", callbackUrl="
                // A receiver's URL may carry a token in its path or query: the host says enough.
                + (callbackUrl == null ? null : callbackUrl.getScheme() + "://" + callbackUrl.getHost() + "/…") + "]";
    }
}
