package com.example.voicegateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a query string that is not well-formed percent-encoded UTF-8 ({@code ?%}, {@code ?page=%ff}) with a 400
 * naming the parameter, before anything reads the parameters: Tomcat would throw on the first read, anywhere in
 * the chain (a health probe or Swagger UI included), and that surfaced as a 500 with a stack trace per request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryStringFilter extends OncePerRequestFilter {

    private final ProblemResponses problems;

    QueryStringFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        String bad = query == null ? null : firstMalformedParameter(query);
        if (bad != null) {
            problems.badParameter(request, response, bad,
                    "is not valid percent-encoded UTF-8 (RFC 3986); encode % as %25");
            return;
        }
        chain.doFilter(request, response);
    }

    /** The (readable part of the) name of the first parameter whose name or value does not decode; null if none. */
    static String firstMalformedParameter(String query) {
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String decodedName = decode(name);
            if (decodedName == null) {
                return readable(name);
            }
            if (equals >= 0 && decode(pair.substring(equals + 1)) == null) {
                return decodedName.isEmpty() ? "(unnamed)" : decodedName;
            }
        }
        return null;
    }

    /** Strict form decoding: {@code +} is a space, every {@code %} starts two hex digits, the bytes are UTF-8. */
    static String decode(String encoded) {
        ByteBuffer bytes = ByteBuffer.allocate(encoded.length() * 4);
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return null;
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.put((byte) (high * 16 + low));
                i += 2;
            } else if (c == '+') {
                bytes.put((byte) ' ');
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = utf8.decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The name as sent, cut short and without anything that is not plain printable ASCII. */
    private static String readable(String raw) {
        String shown = raw.replaceAll("[^\\x21-\\x7e]", "?");
        return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown.isEmpty() ? "(unnamed)" : shown;
    }
}
