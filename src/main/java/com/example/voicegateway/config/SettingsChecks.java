package com.example.voicegateway.config;

import java.time.Duration;
import java.util.List;

/**
 * Checks that name a setting and would otherwise fail later, deep inside a bean's constructor, as pages of nested
 * exceptions. Run while {@link GatewayProperties} is bound, so {@link EarlySettingsCheck} reports them in one line.
 */
final class SettingsChecks {

    private SettingsChecks() {
    }

    static void check(List<String> problems, Duration maxValidity, EightByEightProperties eightbyeight,
            DispatchProperties dispatch, WebhookProperties webhook, RetentionProperties retention) {
        if (dispatch != null && eightbyeight != null && dispatch.lease() != null
                && eightbyeight.connectTimeout() != null && eightbyeight.readTimeout() != null) {
            Duration call = eightbyeight.connectTimeout().plus(eightbyeight.readTimeout());
            if (dispatch.lease().compareTo(call) <= 0) {
                problems.add("gateway.dispatch.lease (" + dispatch.lease() + ") must be longer than"
                        + " gateway.eightbyeight.connect-timeout + read-timeout (" + call + "), or a slow but live"
                        + " call would be declared lost");
            }
        }
        if (webhook != null) {
            if (webhook.linkSweepInterval() != null && !positive(webhook.linkSweepInterval())) {
                problems.add("gateway.webhook.link-sweep-interval must be positive, was " + webhook.linkSweepInterval());
            }
            ranges(problems, "gateway.webhook.allowed-ips", webhook.allowedIps());
            ranges(problems, "gateway.webhook.trusted-proxies", webhook.trustedProxies());
        }
        if (retention != null) {
            retention(problems, maxValidity, retention);
        }
    }

    private static void retention(List<String> problems, Duration maxValidity, RetentionProperties retention) {
        Duration personal = retention.personalData();
        Duration messages = retention.messages();
        if (retention.interval() != null && !positive(retention.interval())) {
            problems.add("gateway.retention.interval must be positive, was " + retention.interval());
        }
        if (personal != null && maxValidity != null && personal.compareTo(maxValidity) <= 0) {
            // A message may still be waiting to be sent until max-validity has passed: its number is still needed.
            problems.add("gateway.retention.personal-data (" + personal + ") must be longer than"
                    + " gateway.max-validity (" + maxValidity + ")");
        }
        if (personal != null && messages != null && messages.compareTo(personal) < 0) {
            problems.add("gateway.retention.messages (" + messages + ") must not be shorter than"
                    + " gateway.retention.personal-data (" + personal + ")");
        }
    }

    private static void ranges(List<String> problems, String setting, List<String> entries) {
        if (entries == null) {
            return;
        }
        try {
            new IpRanges(entries);
        } catch (IllegalArgumentException e) {
            problems.add(setting + ": " + e.getMessage());
        }
    }

    private static boolean positive(Duration duration) {
        return !duration.isZero() && !duration.isNegative();
    }
}
