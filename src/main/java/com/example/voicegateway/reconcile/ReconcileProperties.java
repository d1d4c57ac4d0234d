package com.example.voicegateway.reconcile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Reconciliation against 8x8's log export ({@code gateway.reconcile.*}): only whether this instance takes part is a
 * setting (advanced). Its times are constants here, and the ones dispatch shares in config.EvidenceTimes.
 *
 * @param enabled run the reconciler and the daily cost export on this instance (one instance works at a time); read
 *                by {@link ReconcileConfiguration}'s condition
 */
@Validated
@ConfigurationProperties("gateway.reconcile")
record ReconcileProperties(@DefaultValue("true") boolean enabled) {

    /**
     * How long a SUBMITTED call may lack its session summary, counted from validUntil or from the call's start,
     * whichever is later, before the export is asked.
     */
    static final Duration SUMMARY_GRACE = Duration.ofMinutes(15);

    /**
     * Slack around the attempt's send window and around the export's span, for clock skew and 8x8's queueing between
     * our POST and its InitiatedAt.
     */
    static final Duration MATCH_MARGIN = Duration.ofMinutes(2);

    /** First wait before asking 8x8 whether an export job is done, doubled per poll. */
    static final Duration POLL_INITIAL = Duration.ofSeconds(2);

    /** Longest wait between two polls. */
    static final Duration POLL_MAX = Duration.ofMinutes(1);

    /** How long one export job may take before the run gives up on it (the calls wait for the next). */
    static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(30);

    /** Time after UTC midnight when the previous day's cost export is due. */
    static final Duration DAILY_COST_AT = Duration.ofHours(2);
}
