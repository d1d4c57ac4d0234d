package com.example.voicegateway.callback;

import com.example.voicegateway.config.IpRanges;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The callback client's name lookup, which is also its address check: the HTTP client connects only to the addresses
 * returned here, so the address checked is the address connected to, and a name that answers differently on a second
 * lookup (DNS rebinding) gains nothing. Internal addresses are dropped unless the client's callback-hosts list them;
 * none left is a refusal. IP literals in a URL come through here too and are judged the same way.
 */
final class AllowedAddressResolver implements DnsResolver {

    private final IpRanges allowed;
    private final DnsResolver dns;

    AllowedAddressResolver(IpRanges allowed, DnsResolver dns) {
        this.allowed = allowed;
        this.dns = dns;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] all = dns.resolve(host);
        if (all == null || all.length == 0) {
            throw new UnknownHostException(host);
        }
        InetAddress[] usable = Arrays.stream(all).filter(this::allowed).toArray(InetAddress[]::new);
        if (usable.length == 0) {
            throw new AddressNotAllowedException(host + " resolves only to addresses not allowed for the client: "
                    + Arrays.stream(all).map(InetAddress::getHostAddress).collect(Collectors.joining(", ")));
        }
        return usable;
    }

    boolean allowed(InetAddress address) {
        return !InternalAddresses.isInternal(address) || allowed.contains(address);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return dns.resolveCanonicalHostname(host);
    }
}
