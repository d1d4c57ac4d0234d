package com.example.voicegateway.ratelimit;

import com.example.voicegateway.config.EightByEightProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code gateway.eightbyeight.max-calls-per-second} for all instances on the database together: one shared token
 * bucket that every instance takes its callflow permits from before it claims messages to send.
 *
 * <p>The bucket holds at most 25 ms worth (at least one permit), refilled continuously at the rate: in any one-second
 * window at most {@code rate + rate/40} (at least {@code rate + 1}) callflows go out, so 8x8 sees the account limit
 * within 5 % however many instances run, and a backlog drains as a steady stream rather than a burst every
 * second.
 */
@Component
public class GlobalCallRate {

    static final String KEY = "8x8:callflows";

    private final SharedBuckets buckets;
    private final BucketConfiguration configuration;
    private final double perSecond;

    /**
     * 8x8 counts real seconds, and every instance must agree on them: the bucket keeps wall-clock time, never the
     * application's {@code Clock}, which tests move by hours (a bucket stamped hours ahead stalls every dispatcher).
     */
    @Autowired
    GlobalCallRate(DataSource dataSource, EightByEightProperties properties) {
        this(new SharedBuckets(dataSource, Clock.systemUTC()), properties);
    }

    GlobalCallRate(SharedBuckets buckets, EightByEightProperties properties) {
        this.buckets = buckets;
        this.perSecond = properties.maxCallsPerSecond();
        long rate = Math.max(1, Math.round(perSecond));
        long burst = Math.max(1, rate / 40);
        // Refill a whole number of tokens over a period that keeps the exact rate: burst tokens per burst/rate s.
        Duration period = Duration.ofNanos(Math.max(1, burst * 1_000_000_000L / rate));
        this.configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(burst, period).id("8x8-rate").build())
                .build();
    }

    /** Takes up to {@code wanted} permits at once; returns how many it got (possibly none). */
    public int acquireUpTo(int wanted) {
        if (wanted <= 0) {
            return 0;
        }
        return (int) (long) buckets.apply(KEY, configuration, bucket -> bucket.tryConsumeAsMuchAsPossible(wanted));
    }

    /** Returns permits taken but not used (fewer messages were due than permits taken). */
    public void release(int unused) {
        if (unused > 0) {
            buckets.apply(KEY, configuration, bucket -> {
                bucket.addTokens(unused);
                return null;
            });
        }
    }

    /** How long until the next permit, when none was left. */
    public Duration untilNextPermit() {
        return Duration.ofNanos(Math.max(1_000_000L, (long) (1_000_000_000L / perSecond)));
    }
}
