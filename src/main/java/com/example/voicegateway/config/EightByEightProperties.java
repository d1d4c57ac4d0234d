package com.example.voicegateway.config;

import com.example.voicegateway.phone.PhoneNumbers;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach 8x8 ({@code gateway.eightbyeight.*}); shared because dispatch, reconciliation, the webhooks, the rate
 * limit and the sandbox all talk to the same 8x8. {@code baseUrl}, {@code apiKey} and {@code subaccountId} are optional
 * here only because the {@code sandbox} profile fills them in; without it {@link LiveSettings} requires them at start.
 *
 * @param reportingBaseUrl   8x8's log export API; unset: {@link #DEFAULT_REPORTING_BASE_URL} (the sandbox then uses
 *                           its emulator, which is why unset differs from the default)
 * @param sources            each country's caller ids registered at 8x8 (ISO 3166 code to E.164 numbers, the first
 *                           one used): a call to that country goes out from it unless its message names a source
 *                           ({@link CallerIds})
 * @param maxCallsPerSecond  callflows per second across all instances (the shared bucket of ratelimit.GlobalCallRate)
 * @param maxConcurrentCalls calls on the line at once across all instances; unset: no cap
 * @param connectTimeout     advanced: the lease and the shutdown wait follow from it and {@code readTimeout}
 */
@Validated
@ConfigurationProperties("gateway.eightbyeight")
public record EightByEightProperties(
        URI baseUrl,
        String apiKey,
        // Empty (an empty environment variable) counts as unset: LiveSettings or the sandbox deals with it.
        @Pattern(regexp = "^([A-Za-z0-9\\-._&]{3,50})?$", message = "must be 3 to 50 of A-Z a-z 0-9 - . _ &")
        String subaccountId,
        URI reportingBaseUrl,
        String defaultSource,
        @SourceNumbers Map<String, List<String>> sources,
        @Positive @DefaultValue("20") double maxCallsPerSecond,
        @Positive Integer maxConcurrentCalls,
        @Pattern(regexp = "^[A-Za-z0-9-]{1,64}$", message = "must be letters, digits and hyphens, at most 64")
        @DefaultValue("en-US-Neural2-C") String defaultVoiceProfile,
        @NotNull @PositiveDuration @DefaultValue("2s") Duration connectTimeout,
        @NotNull @PositiveDuration @DefaultValue("10s") Duration readTimeout) {

    public EightByEightProperties {
        // Trimmed, upper-case keys (an environment variable's map key arrives in lower case), blanks dropped.
        Map<String, List<String>> normalised = new TreeMap<>();
        if (sources != null) {
            sources.forEach((country, numbers) -> {
                List<String> kept = numbers == null ? List.of() : numbers.stream()
                        .filter(n -> n != null && !n.isBlank()).map(String::trim).toList();
                if (!kept.isEmpty()) {
                    normalised.put(country.trim().toUpperCase(Locale.ROOT), kept);
                }
            });
        }
        sources = Collections.unmodifiableMap(normalised);
    }

    /**
     * How long a pooled connection to 8x8 may stay idle before we close it (config.HttpClientKeepAlive): below the
     * 30 s to 60 s idle timeouts of common servers and load balancers (8x8 documents none), so a POST never goes out
     * on a connection the server closed.
     */
    public static final Duration IDLE_CONNECTION_TIMEOUT = Duration.ofSeconds(15);

    /** 8x8 serves the Reporting API (log export) from its legacy host, not from the callflows host. */
    public static final URI DEFAULT_REPORTING_BASE_URL = URI.create("https://voice.wavecell.com");

    /**
     * How many times one call's time fits in the lease: the in-process retry (resilience4j.retry, 3 tries by default)
     * plus its short waits must end before the lease does, or a live call would be declared lost.
     */
    static final int CALLS_PER_LEASE = 4;

    /** The longest one POST to 8x8 can take: connecting plus waiting for the answer. */
    public Duration callTimeout() {
        return connectTimeout.plus(readTimeout);
    }

    /**
     * How long a claimed message may stay SENDING before it is declared UNKNOWN: {@value #CALLS_PER_LEASE} call
     * timeouts (48 s by default), so a slow but live call, retried in process, is never declared lost.
     */
    public Duration lease() {
        return callTimeout().multipliedBy(CALLS_PER_LEASE);
    }

    /** How long shutdown waits for calls in flight: one call's time and a little for writing down its outcome. */
    public Duration shutdownTimeout() {
        return callTimeout().plusSeconds(3);
    }

    /** The shared bucket refills whole calls per second. */
    @AssertTrue(message = "max-calls-per-second must be a whole number")
    public boolean isMaxCallsPerSecondWhole() {
        return maxCallsPerSecond == Math.rint(maxCallsPerSecond);
    }

    /**
     * The caller id is E.164 with its {@code +}: without it, {@code 68880000} would be read as some country's number
     * (as a client's number without {@code +} is refused), and 8x8 would show a stranger's caller id.
     */
    @AssertTrue(message = "default-source must be a phone number in E.164: + and the country code, then digits only,"
            + " like +6568880000")
    public boolean isDefaultSourceE164() {
        return defaultSource == null || defaultSource.isBlank()
                || PhoneNumbers.read(defaultSource.trim(), null).e164() != null;
    }

        @AssertTrue(message = "base-url must be an absolute http(s) URL such as https://voice.8x8.com")
    public boolean isBaseUrlHttp() {
        return baseUrl == null || isHttpUrl(baseUrl);
    }

    @AssertTrue(message = "reporting-base-url must be an absolute http(s) URL such as https://voice.wavecell.com")
    public boolean isReportingBaseUrlHttp() {
        return reportingBaseUrl == null || isHttpUrl(reportingBaseUrl);
    }

    private static boolean isHttpUrl(URI url) {
        return url.isAbsolute() && url.getHost() != null
                && ("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()));
    }

    @Override
    public String toString() {
        // Never let the API key reach a log line through a toString().
        return "EightByEightProperties[baseUrl=" + baseUrl + ", reportingBaseUrl=" + reportingBaseUrl
                + ", subaccountId=" + subaccountId + ", sources=" + sources.keySet() + ", apiKey="
                + (apiKey == null || apiKey.isBlank() ? "<unset>" : "<hidden>") + "]";
    }
}
