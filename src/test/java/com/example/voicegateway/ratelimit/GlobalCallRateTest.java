package com.example.voicegateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.TestSettings;
import com.example.voicegateway.support.IntegrationTest;
import com.example.voicegateway.support.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** 8x8's rate is one bucket in the database: two instances (two bucket managers of their own) share it. */
class GlobalCallRateTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

    @BeforeEach
    void freshBucket() {
        empty("rate_limit_bucket");
    }

    @Test
    void twoInstancesTogetherNeverGetMoreThanTheRatePlusOneBurst() {
        List<GlobalCallRate> instances = List.of(instance(20), instance(20));
        List<Integer> perSecond = new ArrayList<>();
        int second = 0;
        // Both instances ask for as much as they could use, every 10 ms, for 5 s.
        for (int step = 0; step < 500; step++) {
            for (GlobalCallRate instance : instances) {
                second += instance.acquireUpTo(50);
            }
            clock.advance(Duration.ofMillis(10));
            if ((step + 1) % 100 == 0) {
                perSecond.add(second);
                second = 0;
            }
        }
        // A burst of at most 25 ms worth (1 permit at 20/s) on top of the rate, in the first second only.
        assertThat(perSecond.get(0)).isBetween(20, 21);
        assertThat(perSecond.subList(1, perSecond.size())).allSatisfy(n -> assertThat(n).isEqualTo(20));
    }

    @Test
    void permitsGivenBackCanBeUsedByTheOtherInstance() {
        GlobalCallRate first = instance(40);
        GlobalCallRate second = instance(40);
        assertThat(first.acquireUpTo(10)).isEqualTo(1);
        assertThat(second.acquireUpTo(10)).as("the bucket holds 25 ms worth, 1 at 40/s").isZero();
        first.release(1);
        assertThat(second.acquireUpTo(10)).isEqualTo(1);
    }

    private GlobalCallRate instance(int perSecond) {
        EightByEightProperties properties = TestSettings.bind(EightByEightProperties.class, java.util.Map.of(
                "gateway.eightbyeight.max-calls-per-second", String.valueOf(perSecond)));
        return new GlobalCallRate(new SharedBuckets(dataSource, clock), properties);
    }
}
