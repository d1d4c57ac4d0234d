package com.example.voicegateway.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A list of IP addresses and CIDR ranges (IPv4 or IPv6), as configured; never resolves host names. */
public final class IpRanges {

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

    /** Throws {@link IllegalArgumentException} naming the first entry that is not an address or CIDR range. */
    public IpRanges(List<String> entries) {
        this.ranges = entries.stream().map(IpRanges::range).toList();
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean contains(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        return ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    /** Whether a resolved address is in a range; an IPv4-mapped IPv6 address counts as its IPv4 address. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        byte[] normalized = bytes.length == 16 && isV4Mapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
        return ranges.stream().anyMatch(range -> range.contains(normalized));
    }

    private static Range range(String entry) {
        String trimmed = entry.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range");
        }
        String prefix = slash < 0 ? null : trimmed.substring(slash + 1);
        if (prefix != null && !prefix.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("'" + entry + "' has no valid prefix length after the /");
        }
        // An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) counts its prefix over 128 bits; literal() has already
        // turned the address into its 4 IPv4 bytes, so the first 96 bits are the mapping prefix itself.
        int written = address.indexOf(':') >= 0 && bytes.length == 4 ? 128 : bytes.length * 8;
        int bits = prefix == null ? written : Integer.parseInt(prefix);
        if (bits > written || (written == 128 && bytes.length == 4 && bits < 96)) {
            throw new IllegalArgumentException("'" + entry + "' has a prefix length out of range");
        }
        return new Range(bytes, bits - (written - bytes.length * 8));
    }

    /**
     * The address's bytes when it is an IPv4 or IPv6 literal; null otherwise. Parsed here, never by
     * {@code InetAddress.getByName}, which resolves anything that is not a literal (an {@code X-Forwarded-For} value
     * like {@code g:h} would be a DNS lookup). Zone ids ({@code fe80::1%eth0}) are not accepted.
     */
    public static byte[] literal(String address) {
        if (address == null) {
            return null;
        }
        String value = address.trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || value.length() > 45) {
            return null;
        }
        byte[] bytes = value.indexOf(':') < 0 ? ipv4(value) : ipv6(value);
        // An IPv4-mapped IPv6 address (::ffff:1.2.3.4) is the IPv4 address.
        if (bytes != null && bytes.length == 16 && isV4Mapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    /** Dotted quad, four decimal parts 0-255. */
    private static byte[] ipv4(String value) {
        if (!value.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        String[] parts = value.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int part = Integer.parseInt(parts[i]);
            if (part > 255) {
                return null;
            }
            bytes[i] = (byte) part;
        }
        return bytes;
    }

    /** RFC 4291 text: eight hex groups, one {@code ::} at most, optionally ending in a dotted quad. */
    private static byte[] ipv6(String value) {
        if (!value.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        int gap = value.indexOf("::");
        if (gap >= 0 && value.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        // A dotted quad may only end the address.
        List<Integer> head = groups(gap < 0 ? value : value.substring(0, gap), gap < 0);
        List<Integer> tail = gap < 0 ? List.of() : groups(value.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int count = head.size() + tail.size();
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            bytes[2 * i] = (byte) (head.get(i) >> 8);
            bytes[2 * i + 1] = (byte) (int) head.get(i);
        }
        int offset = 8 - tail.size();
        for (int i = 0; i < tail.size(); i++) {
            bytes[2 * (offset + i)] = (byte) (tail.get(i) >> 8);
            bytes[2 * (offset + i) + 1] = (byte) (int) tail.get(i);
        }
        return bytes;
    }

    /** Colon-separated 16-bit groups; a dotted quad may be the last (two groups). Null when malformed. */
    private static List<Integer> groups(String text, boolean mayEndInIpv4) {
        List<Integer> groups = new ArrayList<>();
        if (text.isEmpty()) {
            return groups;
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (mayEndInIpv4 && i == parts.length - 1 && part.contains(".")) {
                byte[] v4 = ipv4(part);
                if (v4 == null) {
                    return null;
                }
                groups.add(((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF));
                groups.add(((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF));
            } else if (part.isEmpty() || part.length() > 4 || part.contains(".")) {
                return null;
            } else {
                groups.add(Integer.parseInt(part, 16));
            }
        }
        return groups;
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
