package com.example.voicegateway.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** A list of IP addresses and CIDR ranges (IPv4 or IPv6), as configured; never resolves host names. */
final class IpRanges {

    private record Range(byte[] network, int prefixBits) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixBits / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    private final List<Range> ranges;

    IpRanges(List<String> entries) {
        this.ranges = entries.stream().map(IpRanges::range).toList();
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean contains(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        return ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    private static Range range(String entry) {
        String trimmed = entry.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range: " + entry);
        }
        int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
        if (bits < 0 || bits > bytes.length * 8) {
            throw new IllegalArgumentException("prefix length out of range: " + entry);
        }
        return new Range(bytes, bits);
    }

    /** The address's bytes when it is an IP literal; null otherwise, so no DNS lookup ever happens. */
    static byte[] literal(String address) {
        if (address == null) {
            return null;
        }
        String value = address.trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || !value.matches("[0-9A-Fa-f:.%a-zA-Z]+") || !(value.contains(".") || value.contains(":"))) {
            return null;
        }
        if (!value.contains(":") && !value.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            byte[] bytes = InetAddress.getByName(value).getAddress();
            // An IPv4-mapped IPv6 address (::ffff:1.2.3.4) is the IPv4 address.
            if (bytes.length == 16 && isV4Mapped(bytes)) {
                return java.util.Arrays.copyOfRange(bytes, 12, 16);
            }
            return bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }
}
