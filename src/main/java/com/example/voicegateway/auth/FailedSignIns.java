package com.example.voicegateway.auth;

import com.example.voicegateway.ratelimit.SharedBuckets;
import com.example.voicegateway.web.ProblemResponses;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * The sign-in throttle, for every door that takes a key (the API's {@code X-API-Key}, the console's form): each
 * failed key takes a token from a bucket of its client address and one of its key prefix, shared by all instances
 * ({@code rate_limit_bucket}). While either is empty, an attempt is answered {@code 429} before its key is looked
 * at, a right key included, so guessing faster than the limit teaches nothing. A right key touches neither bucket
 * nor the database; see docs/security.md, "Sign-in throttle".
 */
@Component
public class FailedSignIns {

    /** Failures one client address (an IPv6 /64) may have: this many at once, then one more every 6 s. */
    static final int FAILURES_PER_ADDRESS = 10;
    /**
     * Failures, from all addresses together, with keys that start with the same characters: guessing one key from
     * many addresses. Higher than the address limit, since a legitimate client never fails and this bucket is the
     * one an outsider could empty for somebody else's key.
     */
    static final int FAILURES_PER_KEY_PREFIX = 30;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** The bucket rows' namespace in {@code rate_limit_bucket}. */
    static final String BUCKETS = "sign-in:";
    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);
    private static final int CLEANUP_BATCH = 1000;
    private static final int CLEANUP_MAX_BATCHES = 10;
    private static final Logger log = LoggerFactory.getLogger(FailedSignIns.class);

    /** Where a key was presented; the metrics' {@code door} tag. */
    public enum Door {
        API("api"), CONSOLE("console");

        final String tag;

        Door(String tag) {
            this.tag = tag;
        }
    }

    private final SharedBuckets buckets;
    private final SignInLockouts lockouts = new SignInLockouts();
    private final ProblemResponses problems;
    private final Clock clock;
    private final BucketConfiguration perAddress = limit(FAILURES_PER_ADDRESS);
    private final BucketConfiguration perKeyPrefix = limit(FAILURES_PER_KEY_PREFIX);
    private final Map<Door, Counter> failures = new EnumMap<>(Door.class);
    private final Map<Door, Counter> refusals = new EnumMap<>(Door.class);
    private final AtomicLong nextCleanupMillis = new AtomicLong();

    FailedSignIns(DataSource dataSource, Clock clock, ProblemResponses problems, MeterRegistry meters) {
        // The bucket of an address nobody failed from for a while is full, hence worth no row.
        this.buckets = SharedBuckets.forgottenOnceFull(dataSource, clock, WINDOW);
        this.problems = problems;
        this.clock = clock;
        for (Door door : Door.values()) {
            failures.put(door, Counter.builder("voice_gateway.sign_in.failures")
                    .description("Keys that were presented and did not sign in (counted by the sign-in throttle)")
                    .tag("door", door.tag).register(meters));
            refusals.put(door, Counter.builder("voice_gateway.sign_in.throttled")
                    .description("Sign-in attempts answered 429 by the sign-in throttle")
                    .tag("door", door.tag).register(meters));
        }
    }

    private static BucketConfiguration limit(int failures) {
        // Refilled a token at a time (greedy): after a lockout, one more try per WINDOW/failures, not a new burst.
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(failures).refillGreedy(failures, WINDOW).build())
                .build();
    }

    /**
     * Call before checking {@code presentedKey} (not null, not empty). When its address or key prefix is locked out
     * on this instance, answers {@code 429} and returns true: the key must then not be checked. Memory only.
     */
    public boolean refusedBeforeCheck(HttpServletRequest request, HttpServletResponse response, String presentedKey,
            Door door) {
        SignInAttempt attempt = SignInAttempt.of(request, presentedKey);
        Instant now = clock.instant();
        Duration wait = longer(lockouts.remaining(addressBucket(attempt), now),
                lockouts.remaining(keyPrefixBucket(attempt), now));
        if (wait == null) {
            return false;
        }
        refuse(request, response, door, wait);
        return true;
    }

    /**
     * Call when {@code presentedKey} (not null, not empty) did not sign in: logs it (never the key), counts it in
     * the shared buckets, and returns true when it has answered the request itself ({@code 429}: the buckets were
     * already empty; {@code 503}: they could not be reached). False: answer the failure as usual.
     */
    public boolean refusedAfterFailure(HttpServletRequest request, HttpServletResponse response, String presentedKey,
            Door door) {
        SignInAttempt attempt = SignInAttempt.of(request, presentedKey);
        failures.get(door).increment();
        log.warn("Failed sign-in ({}) from {}: a key of {} characters (prefix tag {}) that did not sign in, on {} {}",
                door.tag, attempt.network(), attempt.keyLength(), attempt.prefixTag(), request.getMethod(),
                attempt.path());
        Duration wait;
        try {
            wait = longer(take(addressBucket(attempt), perAddress, "address " + attempt.network()),
                    take(keyPrefixBucket(attempt), perKeyPrefix, "key prefix tag " + attempt.prefixTag()));
        } catch (RuntimeException e) {
            // Uncounted, a failure would be free: refuse it. Right keys never get here, so they still sign in.
            log.warn("Could not count a failed sign-in ({}): {}", door.tag, e.getClass().getSimpleName());
            problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable",
                    "Failed sign-ins cannot be counted right now, so this one is refused; try again shortly.");
            return true;
        }
        removeExpiredBuckets();
        if (wait == null) {
            return false;
        }
        refuse(request, response, door, wait);
        return true;
    }

    /** Forgets this instance's lockouts; tests clear them with the shared buckets. */
    public void forgetLockouts() {
        lockouts.clear();
    }

    /**
     * Takes a token from {@code bucket}; returns how long to wait when there was none. Either way, when the bucket
     * is now empty, this instance locks it until its next token, so the next attempt is refused before its key is
     * looked at (a right one included).
     */
    private Duration take(String bucket, BucketConfiguration configuration, String what) {
        VerboseResult<ConsumptionProbe> result = buckets.apply(bucket, configuration,
                b -> b.asVerbose().tryConsumeAndReturnRemaining(1));
        ConsumptionProbe probe = result.getValue();
        long nanos;
        if (!probe.isConsumed()) {
            nanos = probe.getNanosToWaitForRefill();
        } else if (probe.getRemainingTokens() == 0) {
            nanos = result.getState().calculateDelayNanosAfterWillBePossibleToConsume(1,
                    result.getOperationTimeNanos(), false);
        } else {
            return null;
        }
        Instant now = clock.instant();
        Duration wait = Duration.ofNanos(Math.max(1, nanos));
        if (lockouts.lock(bucket, now.plus(wait), now)) {
            log.warn("Sign-in throttle: {} locked out for {} s after too many failed keys", what, seconds(wait));
        }
        return probe.isConsumed() ? null : wait;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, Door door, Duration wait) {
        refusals.get(door).increment();
        long seconds = seconds(wait);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, "Too many failed"
                + " sign-ins from this address, or with keys that start like this one; try again in " + seconds
                + " s. Until then no key is checked, a right one included.");
        problem.setTitle("Too many failed sign-ins");
        problem.setProperty("retryAfterSeconds", seconds);
        ErrorResponseException refusal = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
        refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        problems.send(request, response, refusal);
    }

    /** At most once a minute per instance, and only as failures come: no failures, no new rows to remove. */
    private void removeExpiredBuckets() {
        long now = clock.millis();
        long due = nextCleanupMillis.get();
        if (now < due || !nextCleanupMillis.compareAndSet(due, now + CLEANUP_INTERVAL.toMillis())) {
            return;
        }
        try {
            for (int batch = 0; batch < CLEANUP_MAX_BATCHES; batch++) {
                if (buckets.removeExpired(BUCKETS, CLEANUP_BATCH) < CLEANUP_BATCH) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // The next failure a minute later tries again; this one was counted, which is what matters.
            log.debug("Could not remove full sign-in buckets: {}", e.getClass().getSimpleName());
        }
    }

    private static String addressBucket(SignInAttempt attempt) {
        return BUCKETS + "address:" + attempt.network();
    }

    private static String keyPrefixBucket(SignInAttempt attempt) {
        return BUCKETS + "key:" + attempt.prefixTag();
    }

    private static Duration longer(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    /** Retry-After is whole seconds; rounding down would invite a retry that is refused again. */
    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
