package com.example.voicegateway.callback;

import com.example.voicegateway.config.ClientProperties;
import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.config.InvalidSettingException;
import com.example.voicegateway.config.IpRanges;
import com.example.voicegateway.message.CallbackTargets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Which URLs a client may have its callbacks sent to. The rules are checked at intake for a request's
 * {@code callbackUrl}, at start-up for each client's default, and again before each delivery (settings may have
 * changed since the message was accepted). They look at the URL only; the addresses a name resolves to are checked
 * as the connection is made, by {@link AllowedAddressResolver}.
 */
@Component
class CallbackUrlPolicy implements CallbackTargets {

    static final int MAX_LENGTH = 2048;

    private final ClientPolicies clients;
    private final boolean allowHttp;

    CallbackUrlPolicy(ClientPolicies clients, CallbacksProperties settings) {
        this.clients = clients;
        this.allowHttp = settings.allowHttp();
        checkDefaults();
    }

    @Override
    public Target resolve(String clientName, String requestedUrl) {
        ClientProperties client = clients.client(clientName);
        if (requestedUrl == null) {
            // A default URL was checked at start-up, so it needs no second look here.
            return client.callbackUrl() == null ? Target.none() : Target.of(client.callbackUrl().toString());
        }
        String problem = problem(clientName, requestedUrl);
        return problem == null ? Target.of(requestedUrl) : Target.refused(problem);
    }

    /** The rule {@code url} breaks for this client, or null when callbacks may go there. */
    String problem(String clientName, String url) {
        ClientProperties client = clients.client(clientName);
        String setting = "gateway.clients." + clientName + ".";
        if (client.callbackHosts().isEmpty()) {
            return "callbacks are off for client '" + clientName + "' (" + setting + "callback-hosts is empty)";
        }
        if (client.callbackSecret() == null) {
            return "callbacks are off for client '" + clientName + "' (" + setting + "callback-secret is not set)";
        }
        if (url.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "must be a valid absolute URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return allowHttp ? "must be an http or https URL" : "must be an https URL (gateway.callbacks.allow-http is off)";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain user info (user:password@)";
        }
        String host = host(uri);
        if (host == null) {
            return "must name a host";
        }
        // -1 is no port (the scheme's own). Beyond 65535 the HTTP client throws instead of failing the attempt.
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return "port must be between 1 and 65535";
        }
        if (!hostAllowed(host, client)) {
            return "host '" + host + "' is not allowed for client '" + clientName + "' (" + setting + "callback-hosts)";
        }
        return null;
    }

    /**
     * An IP literal must be in one of the client's addresses or ranges; a name must match one of its names. Where a
     * name may connect is decided when it is resolved, at each delivery ({@link AllowedAddressResolver}).
     */
    static boolean hostAllowed(String host, ClientProperties client) {
        if (IpRanges.literal(host) != null) {
            return client.callbackAddresses().contains(host);
        }
        return hostAllowed(host, client.callbackHostNames());
    }

    /** The host as compared with callback-hosts: lower case, without a trailing dot. */
    static String host(URI uri) {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    static boolean hostAllowed(String host, List<String> allowed) {
        for (String pattern : allowed) {
            if (pattern.startsWith("*.")) {
                // Any subdomain, at any depth, but not the bare domain: *.example.com is not example.com.
                if (host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1) {
                    return true;
                }
            } else if (host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private void checkDefaults() {
        List<String> problems = new ArrayList<>();
        clients.clients().forEach((name, client) -> {
            if (client.callbackUrl() != null) {
                String problem = problem(name, client.callbackUrl().toString());
                if (problem != null) {
                    problems.add("gateway.clients." + name + ".callback-url " + problem);
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidSettingException("Invalid configuration: " + String.join("; ", problems));
        }
    }
}
