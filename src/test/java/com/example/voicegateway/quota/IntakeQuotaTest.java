package com.example.voicegateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.VoiceGatewayApplication;
import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.config.SandboxProfile;
import com.example.voicegateway.message.IntakeQuota;
import com.example.voicegateway.ratelimit.SharedBuckets;
import com.example.voicegateway.support.IntegrationTest;
import com.example.voicegateway.support.MovableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

class IntakeQuotaTest extends IntegrationTest {

    /** 10 s into a UTC minute, 10:00:10: the minute window resets in 50 s, the day in 50,390 s. */
    static final Instant START = Instant.parse("2026-12-01T10:00:10Z");
    /** The client with a quota of 3 a minute and 5 a day (src/test/resources/application.properties). */
    static final String QUOTA_KEY = "quota-key";
    /** This run's application clock, for the second instance's context too. */
    static volatile MovableClock shared;

    /**
     * The second instance runs on the first one's clock. No annotation: a nested test configuration would join this
     * test's own context too.
     */
    static class SameTime {

        @Bean
        @Primary
        Clock sharedClock() {
            return shared;
        }
    }

    @Autowired
    DataSource dataSource;
    @Autowired
    ClientPolicies properties;
    @Autowired
    SharedBuckets buckets;

    @BeforeEach
    void freshQuotas() {
        clock.set(START);
        shared = clock;
        jdbc.execute("TRUNCATE rate_limit_bucket");
    }

    @Test
    void overTheMinuteQuotaIs429WithRetryAfterAndRateLimitFieldsAndNothingStored() {
        Answer first = post("/voice-messages", QUOTA_KEY, body(1));
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("RateLimit-Policy")).isEqualTo("\"per-minute\";q=3;w=60, \"per-day\";q=5;w=86400");
        assertThat(first.header("RateLimit")).isEqualTo("\"per-minute\";r=2;t=50, \"per-day\";r=4;t=50390");
        assertThat(post("/voice-messages", QUOTA_KEY, body(2)).status()).isEqualTo(202);
        assertThat(post("/voice-messages", QUOTA_KEY, body(3)).status()).isEqualTo(202);

        Answer refused = post("/voice-messages", QUOTA_KEY, body(4), "key-4");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).isEqualTo("50");
        assertThat(refused.header("RateLimit")).isEqualTo("\"per-minute\";r=0;t=50, \"per-day\";r=2;t=50390");
        assertThat(refused.json().get("status").asInt()).isEqualTo(429);
        assertThat(refused.json().get("retryAfterSeconds").asInt()).isEqualTo(50);
        assertThat(stored()).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM message_state WHERE idempotency_key = 'key-4'",
                Long.class)).as("the refused message was not stored").isZero();
    }

    @Test
    void theNextMinuteHasRoomAgainUntilTheDayIsUsedUp() {
        for (int i = 0; i < 3; i++) {
            assertThat(post("/voice-messages", QUOTA_KEY, body(i)).status()).isEqualTo(202);
        }
        clock.advance(Duration.ofSeconds(50));
        assertThat(post("/voice-messages", QUOTA_KEY, body(3)).status()).isEqualTo(202);
        assertThat(post("/voice-messages", QUOTA_KEY, body(4)).status()).isEqualTo(202);

        Answer refused = post("/voice-messages", QUOTA_KEY, body(5));

        assertThat(refused.status()).as("5 a day").isEqualTo(429);
        assertThat(refused.header("Retry-After")).as("until UTC midnight").isEqualTo(String.valueOf(50390 - 50));
        assertThat(stored()).isEqualTo(5);
    }

    @Test
    void aReplayOfAnEarlierIdempotencyKeyIsNeverRefusedAndUsesNoQuota() {
        Answer original = post("/voice-messages", QUOTA_KEY, body(1), "order-1");
        assertThat(original.status()).isEqualTo(202);
        assertThat(post("/voice-messages", QUOTA_KEY, body(1), "order-1").status()).isEqualTo(202);
        assertThat(post("/voice-messages", QUOTA_KEY, body(2), "order-2").status()).isEqualTo(202);
        assertThat(post("/voice-messages", QUOTA_KEY, body(3), "order-3").status())
                .as("the replay gave its unit back").isEqualTo(202);
        assertThat(post("/voice-messages", QUOTA_KEY, body(4), "order-4").status()).isEqualTo(429);

        Answer replay = post("/voice-messages", QUOTA_KEY, body(1), "order-1");

        assertThat(replay.status()).as("over quota, but a replay").isEqualTo(202);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().get("id").asString()).isEqualTo(original.json().get("id").asString());
        assertThat(stored()).isEqualTo(3);
    }

    @Test
    void aClientWithoutAQuotaIsNeverRefusedAndGetsNoRateLimitFields() {
        for (int i = 0; i < 8; i++) {
            Answer answer = post("/voice-messages", BETA_KEY, body(i));
            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.header("RateLimit")).isNull();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rate_limit_bucket", Long.class)).isZero();
    }

    @Test
    void concurrentRequestsGetExactlyTheQuotaEvenWhenTheBucketRowVanished() throws Exception {
        post("/voice-messages", QUOTA_KEY, body(0));
        // The bucket exists and this instance's proxies know it; an operator now deletes the row under them.
        jdbc.execute("TRUNCATE rate_limit_bucket");
        jdbc.execute("TRUNCATE voice_message CASCADE");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                answers.add(pool.submit(() -> post("/voice-messages", QUOTA_KEY, body(n)).status()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertThat(statuses).filteredOn(s -> s == 202).hasSize(3);
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(17);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stored()).isEqualTo(3);
    }

    @Test
    void whatABatchStillInUseHoldsWhenTheMinuteEndsGoesBackToTheDay() {
        ClientQuotas quotas = new ClientQuotas(properties, buckets, clock);
        int spent = 0;
        // Requests in quick succession (the clock stands still): batches double up to 64 (1 + 2 + ... + 64 = 127),
        // and the 128th request takes a batch of 64.
        for (; spent < 128; spent++) {
            assertThat(quotas.take("gamma").allowed()).isTrue();
        }
        clock.set(Instant.parse("2026-12-01T10:00:59.300Z"));
        assertThat(quotas.take("gamma").allowed()).isTrue();
        spent++;
        // The batch was spent from 0.2 s ago, so it is not idle; the minute ends in 0.5 s.
        clock.set(Instant.parse("2026-12-01T10:00:59.500Z"));
        quotas.giveBackIdle();
        clock.set(Instant.parse("2026-12-01T10:01:00.100Z"));

        IntakeQuota.Decision next = quotas.take("gamma");
        spent++;

        assertThat(next.allowed()).isTrue();
        assertThat(next.headers().get("RateLimit")).as("the day has lost only what was spent")
                .contains("\"per-day\";r=" + (100000 - spent) + ";");
    }

    @Test
    void aMessageTakenInAMinuteThatIsOverIsNotGivenToTheNextMinute() {
        ClientQuotas quotas = new ClientQuotas(properties, buckets, clock);
        clock.set(Instant.parse("2026-12-01T10:00:59.900Z"));
        IntakeQuota.Decision takenBeforeTheTurn = quotas.take("quota");
        clock.set(Instant.parse("2026-12-01T10:01:00.100Z"));
        assertThat(quotas.take("quota").allowed()).isTrue();

        // The message taken before the turn was not stored after all.
        quotas.giveBack("quota", takenBeforeTheTurn);

        assertThat(quotas.take("quota").allowed()).isTrue();
        assertThat(quotas.take("quota").allowed()).isTrue();
        assertThat(quotas.take("quota").allowed()).as("3 a minute").isFalse();
    }

    @Test
    void twoInstancesOnOneDatabaseShareTheQuota() {
        try (ConfigurableApplicationContext second = secondInstance()) {
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(i % 2 == 0 ? post("/voice-messages", QUOTA_KEY, body(i)).status()
                        : postTo(secondPort, body(i)).status());
            }
            assertThat(statuses).containsExactly(202, 202, 202, 429, 429, 429);
            assertThat(stored()).isEqualTo(3);
        }
    }

    private ConfigurableApplicationContext secondInstance() {
        HikariDataSource hikari = (HikariDataSource) dataSource;
        // Arguments, not default properties: application.properties would outrank those and name the local server,
        // another database than this run's when the run uses a container.
        return new SpringApplicationBuilder(VoiceGatewayApplication.class, SameTime.class)
                .profiles(SandboxProfile.NAME) // as this test's own context (IntegrationTest)
                .properties("server.port=0")
                .run("--spring.datasource.url=" + hikari.getJdbcUrl(),
                        "--spring.datasource.username=" + hikari.getUsername(),
                        "--spring.datasource.password=" + (hikari.getPassword() == null ? "" : hikari.getPassword()));
    }

    private Answer postTo(int otherPort, String json) {
        int own = port;
        try {
            port = otherPort;
            return post("/voice-messages", QUOTA_KEY, json);
        } finally {
            port = own;
        }
    }

    private long stored() {
        return jdbc.queryForObject("SELECT count(*) FROM message_state", Long.class);
    }

    private static String body(int n) {
        return "{\"destination\":\"+659123456" + (n % 10) + "\",\"text\":\"Quota probe " + n + "\"}";
    }
}
