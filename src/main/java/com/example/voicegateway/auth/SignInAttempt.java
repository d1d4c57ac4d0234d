package com.example.voicegateway.auth;

import com.example.voicegateway.config.IpRanges;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HexFormat;

/**
 * What the sign-in throttle may know of an attempt, and nothing more: the client's network, a tag of the key's
 * first characters, the key's length and the path. Never the key itself, so nothing built from an attempt (a log
 * line, a bucket's row) can leak it.
 *
 * @param network   the servlet's remote address; an IPv6 address as its /64, which one subscriber usually owns whole
 * @param prefixTag 12 hex digits of the SHA-256 of the key's first {@value #PREFIX_CHARACTERS} characters (never
 *                  more than half the key)
 */
record SignInAttempt(String network, String prefixTag, int keyLength, String path) {

    static final int PREFIX_CHARACTERS = 4;
    private static final int MAX_PATH = 200;

    static SignInAttempt of(HttpServletRequest request, String presentedKey) {
        return new SignInAttempt(network(request.getRemoteAddr()), prefixTag(presentedKey), presentedKey.length(),
                printable(request.getRequestURI()));
    }

    /**
     * The remote address as Tomcat gives it: the TCP peer, or the client named by a trusted proxy's
     * X-Forwarded-For when {@code server.forward-headers-strategy} is set. Never the header read here, which
     * anyone can write.
     */
    static String network(String remoteAddress) {
        byte[] bytes = IpRanges.literal(remoteAddress);
        if (bytes == null) {
            return printable(remoteAddress);
        }
        if (bytes.length == 4) {
            return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
        }
        // A host on IPv6 picks any of its /64's 2^64 addresses: counting per address would count nothing.
        return String.format("%x:%x:%x:%x::/64", group(bytes, 0), group(bytes, 1), group(bytes, 2), group(bytes, 3));
    }

    static String prefixTag(String key) {
        int characters = Math.min(PREFIX_CHARACTERS, key.codePointCount(0, key.length()) / 2);
        String prefix = key.substring(0, key.offsetByCodePoints(0, characters));
        // Four characters out of a 32-character random key give nothing away; the hash keeps even those out of
        // plain sight in logs and in rate_limit_bucket.
        return HexFormat.of().formatHex(ApiKeyRegistry.sha256(prefix), 0, 6);
    }

    private static int group(byte[] bytes, int index) {
        return ((bytes[2 * index] & 0xFF) << 8) | (bytes[2 * index + 1] & 0xFF);
    }

    /** One line of bounded length: the path comes from outside and ends up in a log line. */
    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?");
        return clean.length() > MAX_PATH ? clean.substring(0, MAX_PATH) + "…" : clean;
    }
}
