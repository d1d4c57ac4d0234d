package com.example.voicegateway.webhook;

import com.example.voicegateway.config.IpRangeList;
import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * 8x8's webhooks toward us ({@code gateway.webhook.*}); the webhook feature's own. Other features learn the
 * Authorization values through {@link WebhookAuthorization}.
 *
 * @param authorization      the exact {@code Authorization} value 8x8 sends (the webhook's {@code httpAuthHeader})
 * @param publicUrl          where 8x8 reaches {@code /webhooks/8x8/voice-session-summary}; registered with 8x8
 * @param allowedIps         addresses or CIDR ranges summaries may come from (IPv4, IPv6, or IPv4-mapped IPv6 such
 *                           as {@code ::ffff:10.0.0.0/104}); empty: any address
 * @param trustedProxies     addresses or CIDR ranges of our own proxies, whose {@code X-Forwarded-For} is believed
 * @param callActionAuthorization advanced: the {@code Authorization} value of the Voice Call Action (VCA) webhook;
 *                           unset: the same as {@code authorization}
 * @param callActionPublicUrl advanced: where 8x8 reaches {@code /webhooks/8x8/voice-call-action}; unset: derived from
 *                           {@code publicUrl} when that ends in {@code /webhooks/8x8/voice-session-summary}
 */
@Validated
@ConfigurationProperties("gateway.webhook")
record WebhookProperties(
        String authorization,
        URI publicUrl,
        @IpRangeList List<String> allowedIps,
        @IpRangeList List<String> trustedProxies,
        String callActionAuthorization,
        URI callActionPublicUrl) {

    static final String SUMMARY_PATH = "/webhooks/8x8/voice-session-summary";
    static final String CALL_ACTION_PATH = "/webhooks/8x8/voice-call-action";

    /** The summary webhook only: the call action webhook takes its values. */
    WebhookProperties(String authorization, URI publicUrl, List<String> allowedIps, List<String> trustedProxies) {
        this(authorization, publicUrl, allowedIps, trustedProxies, null, null);
    }

    /** What the VCA webhook must carry: its own value when one is set, else the session summary's. */
    public String effectiveCallActionAuthorization() {
        return callActionAuthorization == null || callActionAuthorization.isBlank() ? authorization
                : callActionAuthorization;
    }

    /**
     * The URL registered as the VCA webhook: the configured one, else the summary URL's sibling when the summary
     * URL has the gateway's own path (behind a proxy that rewrites paths nothing can be guessed); null if neither.
     */
    public URI effectiveCallActionPublicUrl() {
        if (callActionPublicUrl != null) {
            return callActionPublicUrl;
        }
        if (publicUrl == null || publicUrl.getRawPath() == null || !publicUrl.getRawPath().endsWith(SUMMARY_PATH)
                || publicUrl.getRawQuery() != null) {
            return null;
        }
        String url = publicUrl.toString();
        return URI.create(url.substring(0, url.length() - SUMMARY_PATH.length()) + CALL_ACTION_PATH);
    }

    @ConstructorBinding
    WebhookProperties {
        allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    @Override
    public String toString() {
        return "WebhookProperties[authorization=" + (authorization == null ? "<unset>" : "<hidden>") + ", publicUrl="
                + publicUrl + ", allowedIps=" + allowedIps + ", trustedProxies=" + trustedProxies
                + ", callActionAuthorization=" + (callActionAuthorization == null ? "<unset>" : "<hidden>")
                + ", callActionPublicUrl=" + callActionPublicUrl + "]";
    }
}
