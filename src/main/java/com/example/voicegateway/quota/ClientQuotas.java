package com.example.voicegateway.quota;

import com.example.voicegateway.config.ClientProperties;
import com.example.voicegateway.config.GatewayProperties;
import com.example.voicegateway.message.IntakeQuota;
import com.example.voicegateway.ratelimit.SharedBuckets;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * {@code gateway.clients.<name>.max-messages-per-minute} and {@code .max-messages-per-day}, counted across
 * instances in one shared bucket per client with one limit per window. The windows are fixed UTC minutes and UTC
 * days (Bucket4j's intervally-aligned refill from the epoch): a client may send its whole minute at once, and knows
 * exactly when the window resets.
 */
@Component
class ClientQuotas implements IntakeQuota {

    /** A client's policies and the bucket configuration they make, built once per client. */
    private record Limits(List<QuotaPolicy> policies, BucketConfiguration configuration) {

        boolean none() {
            return policies.isEmpty();
        }
    }

    private final GatewayProperties properties;
    private final SharedBuckets buckets;
    private final Clock clock;
    private final Map<String, Limits> limits = new ConcurrentHashMap<>();

    ClientQuotas(GatewayProperties properties, SharedBuckets buckets, Clock clock) {
        this.properties = properties;
        this.buckets = buckets;
        this.clock = clock;
    }

    @Override
    public Decision take(String client) {
        Limits quota = limits.computeIfAbsent(client, this::limitsOf);
        if (quota.none()) {
            return Decision.UNLIMITED;
        }
        VerboseResult<ConsumptionProbe> result = buckets.apply(key(client), quota.configuration(),
                bucket -> bucket.asVerbose().tryConsumeAndReturnRemaining(1));
        List<QuotaPolicy> policies = quota.policies();
        List<Long> remaining = new ArrayList<>(policies.size());
        for (int i = 0; i < policies.size(); i++) {
            remaining.add(result.getState().getCurrentSize(i));
        }
        Map<String, String> headers = RateLimitHeaders.of(policies, remaining, clock.millis());
        ConsumptionProbe probe = result.getValue();
        if (probe.isConsumed()) {
            return new Decision(true, true, null, headers);
        }
        return new Decision(false, false, Duration.ofNanos(probe.getNanosToWaitForRefill()), headers);
    }

    @Override
    public void giveBack(String client) {
        Limits quota = limits.computeIfAbsent(client, this::limitsOf);
        if (!quota.none()) {
            buckets.apply(key(client), quota.configuration(), bucket -> {
                bucket.addTokens(1);
                return null;
            });
        }
    }

    private static String key(String client) {
        return "quota:" + client;
    }

    private Limits limitsOf(String client) {
        ClientProperties settings = properties.client(client);
        List<QuotaPolicy> policies = new ArrayList<>(2);
        if (settings.maxMessagesPerMinute() != null) {
            policies.add(new QuotaPolicy("per-minute", settings.maxMessagesPerMinute(), Duration.ofMinutes(1)));
        }
        if (settings.maxMessagesPerDay() != null) {
            policies.add(new QuotaPolicy("per-day", settings.maxMessagesPerDay(), Duration.ofDays(1)));
        }
        if (policies.isEmpty()) {
            return new Limits(List.of(), null);
        }
        io.github.bucket4j.ConfigurationBuilder builder = BucketConfiguration.builder();
        for (QuotaPolicy policy : policies) {
            builder.addLimit(Bandwidth.builder()
                    .capacity(policy.quota())
                    .refillIntervallyAligned(policy.quota(), policy.window(), Instant.EPOCH)
                    .id(policy.name())
                    .build());
        }
        return new Limits(List.copyOf(policies), builder.build());
    }
}
