package com.example.voicegateway.quota;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The {@code RateLimit-Policy} and {@code RateLimit} fields of draft-ietf-httpapi-ratelimit-headers-10 (Structured
 * Field lists, one item per policy): {@code RateLimit-Policy: "per-minute";q=100;w=60, "per-day";q=5000;w=86400}
 * and {@code RateLimit: "per-minute";r=0;t=12, "per-day";r=4321;t=40212}, r being the messages left in the window
 * and t the seconds until it resets.
 */
final class RateLimitHeaders {

    static final String POLICY = "RateLimit-Policy";
    static final String STATE = "RateLimit";

    private RateLimitHeaders() {
    }

    static Map<String, String> of(List<QuotaPolicy> policies, List<Long> remaining, long nowMillis) {
        String policy = policies.stream()
                .map(p -> "\"" + p.name() + "\";q=" + p.quota() + ";w=" + p.window().toSeconds())
                .collect(Collectors.joining(", "));
        String state = IntStream.range(0, policies.size())
                .mapToObj(i -> "\"" + policies.get(i).name() + "\";r=" + Math.max(0, remaining.get(i)) + ";t="
                        + policies.get(i).secondsToReset(nowMillis))
                .collect(Collectors.joining(", "));
        return Map.of(POLICY, policy, STATE, state);
    }
}
