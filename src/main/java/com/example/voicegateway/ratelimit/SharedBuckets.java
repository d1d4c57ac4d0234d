package com.example.voicegateway.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Token buckets that every instance on this database shares: Bucket4j keeps each bucket's state in one row of
 * {@code rate_limit_bucket} and changes it under {@code SELECT ... FOR UPDATE}, so the limit holds for all instances
 * together. Concurrent requests to one bucket from this instance are batched into one database round trip.
 */
@Component
public class SharedBuckets {

    private final ProxyManager<String> buckets;
    private final JdbcTemplate jdbc;
    private final boolean forgotten;
    private final Map<String, Versioned> proxies = new ConcurrentHashMap<>();

    /** A bucket's two proxies: batched for the common case, plain for recreating a bucket that vanished. */
    private record Versioned(long version, BucketProxy batched, BucketProxy plain) {
    }

    @Autowired
    SharedBuckets(DataSource dataSource, Clock clock) {
        this(dataSource, clock, null);
    }

    /** {@code keep} null: rows stay for good (a few known keys); otherwise see {@link #forgottenOnceFull}. */
    private SharedBuckets(DataSource dataSource, Clock clock, Duration keep) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .clientClock(new ClockTimeMeter(clock))
                .requestTimeout(Duration.ofSeconds(5))
                .expirationAfterWrite(keep == null ? ExpirationAfterWriteStrategy.none()
                        : ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keep))
                .build();
        this.jdbc = new JdbcTemplate(dataSource);
        this.forgotten = keep != null;
    }

    /**
     * Buckets under keys an outsider chooses (one per client address, say): each row carries the time its bucket
     * is full again plus {@code keep}, after which it is worth no more than a missing row and
     * {@link #removeExpired} may delete it. Without that, every new address would leave a row for good. Nor are
     * their proxies kept in memory, for the same reason; such buckets are for rare events (failed sign-ins), which
     * gain nothing from batching.
     */
    public static SharedBuckets forgottenOnceFull(DataSource dataSource, Clock clock, Duration keep) {
        return new SharedBuckets(dataSource, clock, java.util.Objects.requireNonNull(keep, "keep"));
    }

    /**
     * Deletes up to {@code limit} rows under keys starting with {@code keyPrefix} (letters, digits, {@code :} and
     * {@code -} only) whose buckets are full again; returns how many. Rows another instance holds are skipped, so
     * instances never wait on each other here.
     */
    public int removeExpired(String keyPrefix, int limit) {
        if (!keyPrefix.matches("[A-Za-z0-9:-]+")) {
            throw new IllegalArgumentException("a key prefix of letters, digits, ':' and '-' only");
        }
        // Bucket4j stamps expires_at from the wall clock, whatever clock the buckets keep (so does its own cleanup).
        return jdbc.update("""
                DELETE FROM rate_limit_bucket WHERE id IN (
                    SELECT id FROM rate_limit_bucket
                     WHERE id LIKE ? AND expires_at < ?
                     LIMIT ? FOR UPDATE SKIP LOCKED)
                """, keyPrefix + "%", System.currentTimeMillis(), limit);
    }

    /**
     * Runs {@code operation} on the bucket stored under {@code key}, creating it from {@code configuration} when it
     * does not exist. When the configuration changes (an operator raised a limit), the stored bucket takes the new
     * one on its next use, keeping its tokens in proportion.
     */
    public <T> T apply(String key, BucketConfiguration configuration, Function<Bucket, T> operation) {
        if (forgotten) {
            return operation.apply(proxy(key, configuration, configurationVersion(configuration), false));
        }
        Versioned proxies = proxies(key, configuration);
        try {
            return operation.apply(proxies.batched());
        } catch (RuntimeException e) {
            if (!causedBy(e, BucketNotFoundException.class)) {
                throw e;
            }
            // The row vanished (deleted by hand, or a cleanup) under a batch: Bucket4j recreates a bucket only for
            // a single command, so this one goes alone.
            return operation.apply(proxies.plain());
        }
    }

    private Versioned proxies(String key, BucketConfiguration configuration) {
        long version = configurationVersion(configuration);
        return proxies.compute(key, (k, cached) -> cached != null && cached.version() == version ? cached
                : new Versioned(version, proxy(k, configuration, version, true), proxy(k, configuration, version,
                        false)));
    }

    private BucketProxy proxy(String key, BucketConfiguration configuration, long version, boolean batched) {
        var builder = buckets.builder()
                .withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.PROPORTIONALLY);
        if (batched) {
            builder = builder.withOptimization(Optimizations.batching());
        }
        return builder.build(key, () -> configuration);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static long configurationVersion(BucketConfiguration configuration) {
        // Bucket4j wants a non-negative number that grows or changes with the configuration; its hash will do.
        return Integer.toUnsignedLong(java.util.Arrays.hashCode(configuration.getBandwidths()));
    }

    /** Bucket4j's time from the application's Clock, so tests can move it. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
