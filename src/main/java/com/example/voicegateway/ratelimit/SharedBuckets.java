package com.example.voicegateway.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Token buckets that every instance on this database shares: Bucket4j keeps each bucket's state in one row of
 * {@code rate_limit_bucket} and changes it under {@code SELECT ... FOR UPDATE}, so the limit holds for all instances
 * together. Concurrent requests to one bucket from this instance are batched into one database round trip.
 */
@Component
public class SharedBuckets {

    private final ProxyManager<String> buckets;
    private final Map<String, Versioned> proxies = new ConcurrentHashMap<>();

    private record Versioned(long version, BucketProxy proxy) {
    }

    SharedBuckets(DataSource dataSource, Clock clock) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .clientClock(new ClockTimeMeter(clock))
                .requestTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * The bucket stored under {@code key}. When the configuration changes (an operator raised a limit), the stored
     * bucket takes the new one on its next use, keeping its tokens in proportion.
     */
    public BucketProxy bucket(String key, BucketConfiguration configuration) {
        long version = configurationVersion(configuration);
        return proxies.compute(key, (k, cached) -> cached != null && cached.version() == version ? cached
                : new Versioned(version, buckets.builder()
                        .withOptimization(Optimizations.batching())
                        .withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.PROPORTIONALLY)
                        .build(k, () -> configuration)))
                .proxy();
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
