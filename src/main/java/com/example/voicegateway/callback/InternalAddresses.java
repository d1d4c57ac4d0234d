package com.example.voicegateway.callback;

import com.example.voicegateway.config.IpRanges;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Addresses a callback must not connect to unless the operator lists them for the client: this machine, the
 * networks it sits in, and the cloud's metadata service. Anything a tenant could otherwise probe through the
 * gateway, port by port, and read back in {@code lastError}.
 */
final class InternalAddresses {

    private static final IpRanges V4 = new IpRanges(List.of(
            "0.0.0.0/8",        // unspecified, "this network": 0.0.0.0 reaches this machine
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",   // private
            "100.64.0.0/10",    // shared (carrier-grade NAT); clouds use it inside, e.g. 100.100.100.200 metadata
            "127.0.0.0/8",      // loopback
            "169.254.0.0/16",   // link-local, with 169.254.169.254 (cloud metadata)
            "192.0.0.0/24",     // IETF protocol assignments
            "198.18.0.0/15",    // benchmarking, used for internal test networks
            "224.0.0.0/4",      // multicast
            "240.0.0.0/4"));    // reserved, with 255.255.255.255 broadcast

    private static final IpRanges V6 = new IpRanges(List.of(
            "::/128",           // unspecified
            "::1/128",          // loopback
            "fe80::/10",        // link-local
            "fec0::/10",        // site-local (deprecated, still routed by some)
            "fc00::/7",         // unique local, with fd00:ec2::254 (cloud metadata)
            "2001::/32",        // Teredo: a tunnel whose far end hides an IPv4 address; no callback receiver needs it
            "ff00::/8"));       // multicast

    private InternalAddresses() {
    }

    static boolean isInternal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return V4.contains(address);
        }
        byte[] embedded = embeddedIpv4(bytes);
        return V6.contains(address) || (embedded != null && V4.contains(v4(embedded)));
    }

    /**
     * The IPv4 address an IPv6 address stands for, where the network carries it there: IPv4-mapped and -compatible
     * ({@code ::ffff:127.0.0.1}, {@code ::127.0.0.1}), IPv4-translated ({@code ::ffff:0:127.0.0.1}), NAT64 ({@code 64:ff9b::/96}, {@code 64:ff9b:1::/48}) and 6to4
     * ({@code 2002::/16}); null otherwise.
     */
    private static byte[] embeddedIpv4(byte[] b) {
        if (allZero(b, 0, 10) && ((b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) || (b[10] == 0 && b[11] == 0))) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if (allZero(b, 0, 8) && b[8] == (byte) 0xFF && b[9] == (byte) 0xFF && b[10] == 0 && b[11] == 0) {
            return Arrays.copyOfRange(b, 12, 16); // IPv4-translated, ::ffff:0:a.b.c.d (RFC 2765)
        }
        if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xFF && b[3] == (byte) 0x9B
                && (allZero(b, 4, 12) || (b[4] == 0 && b[5] == 1))) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
