package com.example.voicegateway.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How to reach 8x8. {@code baseUrl}, {@code apiKey} and {@code subaccountId} are optional here only because the
 * {@code sandbox} profile fills them in; without it {@link LiveSettings} requires them at start.
 *
 * @param idleConnectionTimeout how long a pooled connection to 8x8 may stay idle before we close it; keep it below
 *                              what 8x8's side allows, so a POST never goes out on a connection the server closed
 */
public record EightByEightProperties(
        URI baseUrl,
        String apiKey,
        @Pattern(regexp = "^[A-Za-z0-9\\-._&]{3,50}$", message = "must be 3 to 50 of A-Z a-z 0-9 - . _ &")
        String subaccountId,
        String defaultSource,
        @Pattern(regexp = "^[A-Za-z0-9-]{1,64}$", message = "must be letters, digits and hyphens, at most 64")
        @DefaultValue("en-US-Neural2-C") String defaultVoiceProfile,
        @Positive @DefaultValue("20") double maxCallsPerSecond,
        @NotNull @DefaultValue("2s") Duration connectTimeout,
        @NotNull @DefaultValue("10s") Duration readTimeout,
        @NotNull @DefaultValue("15s") Duration idleConnectionTimeout,
        @Positive Integer maxConcurrentCalls,
        URI reportingBaseUrl) {

    /** Below the 30 s to 60 s idle timeouts of common servers and load balancers; 8x8 does not document its own. */
    public static final Duration DEFAULT_IDLE_CONNECTION_TIMEOUT = Duration.ofSeconds(15);

    /** 8x8 serves the Reporting API (log export) from its legacy host, not from the callflows host. */
    public static final URI DEFAULT_REPORTING_BASE_URL = URI.create("https://voice.wavecell.com");

    /** Resilience4j's rate limiter counts whole permits per second (resilience4j.ratelimiter...limit-for-period). */
    @AssertTrue(message = "max-calls-per-second must be a whole number")
    public boolean isMaxCallsPerSecondWhole() {
        return maxCallsPerSecond == Math.rint(maxCallsPerSecond);
    }

    @AssertTrue(message = "connect-timeout and read-timeout must be positive")
    public boolean isTimeoutsPositive() {
        return (connectTimeout == null || (!connectTimeout.isNegative() && !connectTimeout.isZero()))
                && (readTimeout == null || (!readTimeout.isNegative() && !readTimeout.isZero()));
    }

    @AssertTrue(message = "idle-connection-timeout must be at least 1s")
    public boolean isIdleConnectionTimeoutAtLeastASecond() {
        return idleConnectionTimeout == null || idleConnectionTimeout.compareTo(Duration.ofSeconds(1)) >= 0;
    }

    @Override
    public String toString() {
        // Never let the API key reach a log line through a toString().
        return "EightByEightProperties[baseUrl=" + baseUrl + ", reportingBaseUrl=" + reportingBaseUrl
                + ", subaccountId=" + subaccountId + ", apiKey="
                + (apiKey == null || apiKey.isBlank() ? "<unset>" : "<hidden>") + "]";
    }
}
