package com.example.voicegateway.ratelimit;

import com.example.voicegateway.config.ClientPolicies;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * {@code gateway.clients.<name>.max-calls-per-day}: the calls a client may place to each destination country per UTC
 * day, for all instances together (the spend guard of issue 27: a leaked key rings at most that many numbers of any one
 * country a day). One shared bucket per client and country ({@code calls-per-day:<client>:<country>}), full at each UTC
 * midnight (Bucket4j's intervally-aligned refill from the epoch, as the intake quotas). Dispatch takes one call from
 * it right before a callflow is posted and gives it back when 8x8 provably created nothing; intake only looks.
 */
@Component
public class DailyCallBudget {

    static final Duration DAY = Duration.ofDays(1);

    /** One call taken from a client's budget for a country, on one UTC day; {@code counted} false without a limit. */
    public record Permit(String client, String country, long day, boolean counted) {
    }

    private final SharedBuckets buckets;
    private final ClientPolicies clients;
    private final Clock clock;
    private final Map<Long, BucketConfiguration> configurations = new ConcurrentHashMap<>();

    DailyCallBudget(SharedBuckets buckets, ClientPolicies clients, Clock clock) {
        this.buckets = buckets;
        this.clients = clients;
        this.clock = clock;
    }

    /** The client's calls per day to one country, or null when it has no limit. */
    public Long limit(String client) {
        return client == null ? null : clients.client(client).maxCallsPerDay();
    }

    /**
     * One call to {@code country} (an ISO 3166 code, or {@code +<calling code>} for a number of no known country) for
     * {@code client}: a permit, uncounted when the client has no limit, or null when today's calls are used up.
     */
    public Permit take(String client, String country) {
        Long limit = limit(client);
        long day = day(clock.instant());
        if (limit == null) {
            return new Permit(client, country, day, false);
        }
        boolean taken = buckets.apply(key(client, country), configuration(limit), bucket -> bucket.tryConsume(1));
        return taken ? new Permit(client, country, day, true) : null;
    }

    /**
     * Gives back a call that was not placed after all. Only on the day it was taken: a call given back after midnight
     * would be one more than the new day allows.
     */
    public void giveBack(Permit permit) {
        Long limit = limit(permit.client());
        if (!permit.counted() || limit == null || permit.day() != day(clock.instant())) {
            return;
        }
        buckets.apply(key(permit.client(), permit.country()), configuration(limit), bucket -> {
            bucket.addTokens(1);
            return null;
        });
    }

    /** Calls left today for {@code client} to {@code country}; {@link Long#MAX_VALUE} without a limit. */
    public long left(String client, String country) {
        Long limit = limit(client);
        if (limit == null) {
            return Long.MAX_VALUE;
        }
        return buckets.apply(key(client, country), configuration(limit), bucket -> bucket.getAvailableTokens());
    }

    /** When the budgets are full again: the next UTC midnight after {@code now}. */
    public static Instant refillAt(Instant now) {
        return Instant.ofEpochMilli((day(now) + 1) * DAY.toMillis());
    }

    private static long day(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), DAY.toMillis());
    }

    private BucketConfiguration configuration(long limit) {
        return configurations.computeIfAbsent(limit, calls -> BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(calls).refillIntervallyAligned(calls, DAY, Instant.EPOCH)
                        .id("per-day").build())
                .build());
    }

    private static String key(String client, String country) {
        return "calls-per-day:" + client + ":" + country;
    }
}
