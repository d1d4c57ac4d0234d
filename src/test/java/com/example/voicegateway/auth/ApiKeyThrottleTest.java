package com.example.voicegateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The sign-in throttle on the API's door: failed keys are counted per client address and per key prefix; past the
 * limit every keyed request is a 429 with Retry-After, the right key included, until a token is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyThrottleTest extends IntegrationTest {

    @Autowired
    FailedSignIns failedSignIns;

    @BeforeEach
    void realTime() {
        // Whole seconds keep Retry-After exact.
        clock.set(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void threeHundredWrongKeysThenTheRightKeyWaitsOutTheLockout() {
        int unauthorized = 0;
        Answer last = null;
        for (int i = 0; i < 300; i++) {
            last = get("/voice-messages", "wrong-guess-" + i);
            if (last.status() == 401) {
                unauthorized++;
            } else {
                assertThat(last.status()).isEqualTo(429);
            }
        }
        assertThat(unauthorized).as("10 failures a minute per address").isEqualTo(10);
        assertThat(last.contentType()).startsWith("application/problem+json");
        assertThat(last.header("Retry-After")).isEqualTo("6");
        assertThat(last.json().get("title").asString()).isEqualTo("Too many failed sign-ins");
        assertThat(last.raw().body()).doesNotContain("wrong-guess");

        assertThat(get("/voice-messages", ALPHA_KEY).status()).as("the right key, during the lockout").isEqualTo(429);
        assertThat(send(request("/actuator/prometheus", null).header("Authorization", "Bearer " + OPS_KEY).GET()
                .build()).status()).as("a Bearer key on actuator is a key too").isEqualTo(429);
        assertThat(get("/actuator/health", null).status()).as("no key, no guess: never throttled").isEqualTo(200);

        clock.advance(Duration.ofSeconds(6));

        assertThat(get("/voice-messages", ALPHA_KEY).status()).isEqualTo(200);
        assertThat(get("/voice-messages", "wrong-guess-300").status()).as("one token back").isEqualTo(401);
        assertThat(get("/voice-messages", ALPHA_KEY).status()).as("and gone again").isEqualTo(429);
    }

    @Test
    void rightKeysTakeNoTokenAndLeaveNoRow() {
        for (int i = 0; i < 30; i++) {
            assertThat(get("/voice-messages", ALPHA_KEY).status()).isEqualTo(200);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rate_limit_bucket WHERE id LIKE 'sign-in:%'",
                Long.class)).isZero();
        for (int i = 0; i < 9; i++) {
            assertThat(get("/voice-messages", "wrong-guess-" + i).status()).isEqualTo(401);
        }
        assertThat(get("/voice-messages", ALPHA_KEY).status()).as("below the limit").isEqualTo(200);
    }

    @Test
    void guessingOneKeyFromManyAddressesLocksItsPrefixOut() {
        // "alpha-key" starts like these: 30 failures from 30 addresses empty the prefix's bucket.
        for (int i = 0; i < FailedSignIns.FAILURES_PER_KEY_PREFIX; i++) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            assertThat(failedSignIns.refusedAfterFailure(from("10.0.0." + i), response, "alpha-guess-" + i,
                    FailedSignIns.Door.API)).isFalse();
        }
        MockHttpServletResponse response = new MockHttpServletResponse();

        boolean refused = failedSignIns.refusedBeforeCheck(from("10.9.9.9"), response, ALPHA_KEY,
                FailedSignIns.Door.API);

        assertThat(refused).as("the right key from a fresh address").isTrue();
        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeader("Retry-After")).isEqualTo("2");
        assertThat(failedSignIns.refusedBeforeCheck(from("10.9.9.9"), new MockHttpServletResponse(), BETA_KEY,
                FailedSignIns.Door.API)).as("another prefix").isFalse();
    }

    @Test
    void theRowsOfBucketsThatAreFullAgainAreRemovedAsNewFailuresCome() {
        long before = System.currentTimeMillis();
        failedSignIns.refusedAfterFailure(from("10.1.1.1"), new MockHttpServletResponse(), "first-guess",
                FailedSignIns.Door.API);
        assertThat(bucketRows()).containsExactlyInAnyOrder("sign-in:address:10.1.1.1",
                "sign-in:key:" + SignInAttempt.prefixTag("first-guess"));
        // Full again once the token is back (6 s for the address, 2 s for the prefix), then kept a minute.
        assertThat(jdbc.queryForList("SELECT expires_at FROM rate_limit_bucket WHERE id LIKE 'sign-in:%'",
                Long.class)).allSatisfy(expiresAt -> assertThat(expiresAt)
                        .isBetween(before + 60_000, System.currentTimeMillis() + 66_000));
        // Bucket4j stamps expires_at with the wall clock: a minute and more is made to pass in the rows.
        jdbc.update("UPDATE rate_limit_bucket SET expires_at = expires_at - 120000 WHERE id LIKE 'sign-in:%'");
        clock.advance(Duration.ofMinutes(2));

        failedSignIns.refusedAfterFailure(from("10.2.2.2"), new MockHttpServletResponse(), "other-guess",
                FailedSignIns.Door.API);

        assertThat(bucketRows()).containsExactlyInAnyOrder("sign-in:address:10.2.2.2",
                "sign-in:key:" + SignInAttempt.prefixTag("other-guess"));
    }

    private java.util.List<String> bucketRows() {
        return jdbc.queryForList("SELECT id FROM rate_limit_bucket WHERE id LIKE 'sign-in:%'", String.class);
    }

    @Test
    void aFailedKeyIsLoggedWithoutTheKey(CapturedOutput output) {
        String key = "Zq8-guessed-Key-4711";
        assertThat(get("/voice-messages?status=QUEUED", key).status()).isEqualTo(401);

        String line = output.getAll().lines().filter(l -> l.contains("Failed sign-in (api)")).findFirst()
                .orElseThrow();
        assertThat(line).contains("WARN").contains("a key of 20 characters").contains("on GET /voice-messages")
                .containsPattern("prefix tag [0-9a-f]{12}");
        assertThat(output.getAll()).doesNotContain(key).doesNotContain("Zq8-");
    }

    private static MockHttpServletRequest from(String address) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/voice-messages");
        request.setRemoteAddr(address);
        return request;
    }
}
