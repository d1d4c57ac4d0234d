package com.example.voicegateway.quota;

import com.example.voicegateway.config.ClientProperties;
import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.message.IntakeQuota;
import com.example.voicegateway.ratelimit.SharedBuckets;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.VerboseResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code gateway.clients.<name>.max-messages-per-minute} and {@code .max-messages-per-day}, counted across
 * instances in one shared bucket per client with one limit per window. The windows are fixed UTC minutes and UTC
 * days (Bucket4j's intervally-aligned refill from the epoch): a client may send its whole minute at once, and knows
 * exactly when the window resets.
 *
 * <p>A busy client's messages are taken from the shared bucket in batches: one round trip takes several for this
 * instance ({@link Batch}), and the requests after it spend them here. A batch never outlives the window it was
 * taken in, is at most a {@value #SHARE_DIVISOR}th of what the bucket had left (a nearly used-up quota is counted one
 * message at a time, exactly), and what it has not spent after {@link #HOLD} goes back to the bucket. So the quota is
 * never exceeded; at most, while one instance holds a few messages of a large quota, another may refuse early.
 *
 * <p>A batch takes from every limit at once, the day's too. What a batch has not spent when its minute ends is lost
 * for that minute, and Bucket4j cannot give it back to the day alone; so in the last {@link #CLOSING} of a minute
 * every unspent message goes back, spent recently or not ({@link #giveBackIdle}, which runs every
 * {@value #GIVE_BACK_EVERY_MS} ms to hit that second several times). What is still lost to the day: a message given
 * back by intake ({@link #giveBack}) after the last run before the turn, and everything an instance held when no run
 * fell in the last second (the scheduler stalled, the database did not answer, the instance stopped).
 */
@Component
class ClientQuotas implements IntakeQuota {

    private static final Logger log = LoggerFactory.getLogger(ClientQuotas.class);

    /** Most messages one round trip takes for this instance. */
    static final int MAX_BATCH = 64;
    /** A batch is at most this share of what the shared bucket had left after the previous one. */
    static final int SHARE_DIVISOR = 16;
    /** Messages of a batch left unspent this long go back to the shared bucket for the other instances. */
    static final Duration HOLD = Duration.ofSeconds(1);
    /**
     * Near the end of a window batches are single messages: what a batch holds at the turn is lost to the day's
     * limit, and the last {@link #CLOSING} gives back whatever is left.
     */
    static final Duration GUARD = Duration.ofSeconds(2);
    /** The last part of a window, in which every unspent message goes back, idle or not. */
    static final Duration CLOSING = GUARD.dividedBy(2);
    /** How often {@link #giveBackIdle} runs: several times within {@link #CLOSING}. */
    static final long GIVE_BACK_EVERY_MS = 250;

    /** A client's policies and the bucket configuration they make, built once per client. */
    private record Limits(List<QuotaPolicy> policies, BucketConfiguration configuration, long shortestWindowMillis) {

        boolean none() {
            return policies.isEmpty();
        }

        /** Index of the shortest window (UTC-aligned) that {@code millis} falls in. */
        long window(long millis) {
            return Math.floorDiv(millis, shortestWindowMillis);
        }

        long windowEnd(long millis) {
            return (window(millis) + 1) * shortestWindowMillis;
        }
    }

    /**
     * Messages this instance took from a client's shared bucket and has not spent yet, valid in one window only.
     * Guarded by its own monitor; one round trip at a time per client, the requests arriving meanwhile wait and then
     * spend what it took.
     */
    private static final class Batch {
        long window = Long.MIN_VALUE;
        long left;
        long takenAt;
        long lastSpent;
        int size = 1;
        /** Per policy, what the shared bucket had left after this instance's last round trip. */
        long[] remaining;
    }

    private final ClientPolicies properties;
    private final SharedBuckets buckets;
    private final Clock clock;
    private final Map<String, Limits> limits = new ConcurrentHashMap<>();
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();

    ClientQuotas(ClientPolicies properties, SharedBuckets buckets, Clock clock) {
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
        Batch batch = batches.computeIfAbsent(client, c -> new Batch());
        synchronized (batch) {
            long now = clock.millis();
            if (batch.window != quota.window(now)) {
                // Taken in a window that is over: they counted for it, and the new one starts full.
                batch.left = 0;
                batch.size = 1;
            }
            if (batch.left == 0) {
                takeBatch(client, quota, batch, now);
            }
            if (batch.left == 0) {
                return new Decision(false, false, untilRoom(quota, batch.remaining, now),
                        headers(quota, batch, now), batch.window);
            }
            batch.left--;
            batch.lastSpent = now;
            return new Decision(true, true, null, headers(quota, batch, now), batch.window);
        }
    }

    /** One round trip: as many messages as this client's recent pace asks for, within the batch's bounds. */
    private void takeBatch(String client, Limits quota, Batch batch, long now) {
        if (batch.window == quota.window(now) && batch.remaining != null) {
            // The last batch is spent: grow while it went within the hold, shrink otherwise.
            batch.size = now - batch.takenAt < HOLD.toMillis() ? Math.min(MAX_BATCH, batch.size * 2)
                    : Math.max(1, batch.size / 2);
        }
        long wanted = Math.max(1, Math.min(batch.size, leastRemaining(batch.remaining) / SHARE_DIVISOR));
        if (quota.windowEnd(now) - now <= GUARD.toMillis()) {
            wanted = 1;
        }
        long want = wanted;
        VerboseResult<Long> result = buckets.apply(key(client), quota.configuration(),
                bucket -> bucket.asVerbose().tryConsumeAsMuchAsPossible(want));
        long[] remaining = new long[quota.policies().size()];
        for (int i = 0; i < remaining.length; i++) {
            remaining[i] = result.getState().getCurrentSize(i);
        }
        batch.remaining = remaining;
        batch.window = quota.window(now);
        batch.left = result.getValue();
        batch.takenAt = now;
    }

    @Override
    public Decision takeAll(String client, int count) {
        Limits quota = limits.computeIfAbsent(client, this::limitsOf);
        if (quota.none()) {
            return Decision.UNLIMITED;
        }
        long now = clock.millis();
        // Straight from the shared bucket: a broadcast is one round trip, whatever this instance's batch holds.
        VerboseResult<Boolean> result = buckets.apply(key(client), quota.configuration(),
                bucket -> bucket.asVerbose().tryConsume(count));
        List<Long> remaining = new ArrayList<>(quota.policies().size());
        Duration retryAfter = Duration.ofSeconds(1);
        for (int i = 0; i < quota.policies().size(); i++) {
            long left = result.getState().getCurrentSize(i);
            remaining.add(left);
            if (left < count) {
                retryAfter = maxOf(retryAfter, Duration.ofSeconds(quota.policies().get(i).secondsToReset(now)));
            }
        }
        Map<String, String> headers = RateLimitHeaders.of(quota.policies(), remaining, now);
        if (!result.getValue()) {
            return new Decision(false, false, count > largestBatch(client) ? null : retryAfter, headers,
                    quota.window(now));
        }
        return new Decision(true, true, null, headers, quota.window(now));
    }

    @Override
    public long largestBatch(String client) {
        Limits quota = limits.computeIfAbsent(client, this::limitsOf);
        return quota.policies().stream().mapToLong(QuotaPolicy::quota).min().orElse(Long.MAX_VALUE);
    }

    @Override
    public void giveBack(String client, Decision taken, int count) {
        Limits quota = limits.computeIfAbsent(client, this::limitsOf);
        if (quota.none() || !taken.counted() || taken.window() != quota.window(clock.millis())) {
            // A window that is over counted them, as giveBack(client, taken) explains.
            return;
        }
        buckets.apply(key(client), quota.configuration(), bucket -> {
            bucket.addTokens(count);
            return null;
        });
    }

    private static Duration maxOf(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public void giveBack(String client, Decision taken) {
        Limits quota = limits.computeIfAbsent(client, this::limitsOf);
        if (quota.none() || !taken.counted()) {
            return;
        }
        Batch batch = batches.computeIfAbsent(client, c -> new Batch());
        synchronized (batch) {
            if (taken.window() == quota.window(clock.millis()) && batch.window == taken.window()) {
                // Still the window it was taken in: the next request spends it.
                batch.left++;
            }
            // Otherwise it counted for a window that is over. In the current window's batch or bucket it would let
            // one message more through than the window allows; the day's limit loses it (one message per replay or
            // failed store that straddles a window's turn).
        }
    }

    /**
     * Gives back to the shared bucket what a batch has not spent within {@link #HOLD} (the client went quiet here,
     * another instance may need them), and in the window's last {@link #CLOSING} all it has not spent (unspent at the
     * turn, it would be lost to the day's limit; batches are single messages by then, so requests lose nothing). Per
     * instance, not locked: each gives back its own. Given back a moment after the turn (the round trip straddled
     * it), they return to the day as they should, and to a minute that has just been refilled to its capacity, which
     * Bucket4j does not exceed.
     */
    @Scheduled(fixedDelay = GIVE_BACK_EVERY_MS, timeUnit = TimeUnit.MILLISECONDS)
    void giveBackIdle() {
        long now = clock.millis();
        batches.forEach((client, batch) -> {
            Limits quota = limits.get(client);
            if (quota == null || quota.none()) {
                return;
            }
            synchronized (batch) {
                boolean idle = now - Math.max(batch.lastSpent, batch.takenAt) >= HOLD.toMillis();
                boolean closing = quota.windowEnd(now) - now <= CLOSING.toMillis();
                if (batch.left == 0 || batch.window != quota.window(now) || !(idle || closing)) {
                    return;
                }
                long unspent = batch.left;
                try {
                    buckets.apply(key(client), quota.configuration(), bucket -> {
                        bucket.addTokens(unspent);
                        return null;
                    });
                    batch.left = 0;
                    batch.size = 1;
                } catch (RuntimeException e) {
                    // Kept for this instance's next requests; the window's end frees them at the latest.
                    log.debug("Giving back {} unspent quota of {} failed: {}", unspent, client,
                            e.getClass().getSimpleName());
                }
            }
        });
    }

    private static long leastRemaining(long[] remaining) {
        if (remaining == null) {
            return 0;
        }
        long least = Long.MAX_VALUE;
        for (long r : remaining) {
            least = Math.min(least, r);
        }
        return least;
    }

    /** Until the first window whose reset leaves room in every limit that has none. */
    private static Duration untilRoom(Limits quota, long[] remaining, long now) {
        long seconds = 1;
        for (int i = 0; i < quota.policies().size(); i++) {
            if (remaining[i] < 1) {
                seconds = Math.max(seconds, quota.policies().get(i).secondsToReset(now));
            }
        }
        return Duration.ofSeconds(seconds);
    }

    private static Map<String, String> headers(Limits quota, Batch batch, long now) {
        List<Long> remaining = new ArrayList<>(batch.remaining.length);
        for (long r : batch.remaining) {
            // What the bucket had left, plus what this instance holds unspent.
            remaining.add(r + batch.left);
        }
        return RateLimitHeaders.of(quota.policies(), remaining, now);
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
            return new Limits(List.of(), null, 0);
        }
        io.github.bucket4j.ConfigurationBuilder builder = BucketConfiguration.builder();
        for (QuotaPolicy policy : policies) {
            builder.addLimit(Bandwidth.builder()
                    .capacity(policy.quota())
                    .refillIntervallyAligned(policy.quota(), policy.window(), Instant.EPOCH)
                    .id(policy.name())
                    .build());
        }
        long shortest = policies.stream().mapToLong(p -> p.window().toMillis()).min().orElseThrow();
        return new Limits(List.copyOf(policies), builder.build(), shortest);
    }
}
