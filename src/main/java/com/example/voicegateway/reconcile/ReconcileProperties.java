package com.example.voicegateway.reconcile;

import com.example.voicegateway.config.EvidenceTimes;
import com.example.voicegateway.config.PositiveDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Reconciliation against 8x8's log export ({@code gateway.reconcile.*}, advanced): whether this instance takes part,
 * and two waits that only the sandbox shortens (its emulated 8x8 logs a call the moment it ends, and reconciliation
 * should be seen within a minute there, not in half an hour). They may be shorter than the defaults, never longer: the
 * unknown-outcome window (config.EvidenceTimes, 1 h) counts on at most one default interval. The other times are
 * constants here, and the ones dispatch shares in config.EvidenceTimes.
 *
 * @param enabled      run the reconciler and the daily cost export on this instance (one instance works at a time);
 *                     read by {@link ReconcileConfiguration}'s condition
 * @param interval     how often a reconciliation is due, counted from the last one any instance started; the
 *                     schedule looks every minute, or every interval when that is shorter
 * @param summaryGrace how long a SUBMITTED call may lack its session summary, counted from validUntil or from the
 *                     call's start, whichever is later, before the export is asked
 */
@Validated
@ConfigurationProperties("gateway.reconcile")
record ReconcileProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @PositiveDuration @DefaultValue("15m") Duration interval,
        @NotNull @DefaultValue("15m") Duration summaryGrace) {

    /** The setting's default and its longest: the unknown-outcome window is derived from it. */
    static final Duration MAX_INTERVAL = EvidenceTimes.RECONCILE_INTERVAL;

    /** The setting's default and its longest. */
    static final Duration MAX_SUMMARY_GRACE = Duration.ofMinutes(15);

    /**
     * The schedule's period in ms, for {@code @Scheduled} (read before any bean exists, hence from the setting
     * itself): every minute, or every interval when that is shorter.
     */
    static final String TICK_MILLIS = "#{T(java.lang.Math).min(60000L, T(org.springframework.boot.convert"
            + ".DurationStyle).detectAndParse('${gateway.reconcile.interval:15m}').toMillis())}";

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

    @AssertTrue(message = "interval must not be longer than 15m: the unknown-outcome window (1h) counts on it")
    public boolean isIntervalWithinTheWindow() {
        return interval == null || interval.compareTo(MAX_INTERVAL) <= 0;
    }

    @AssertTrue(message = "summary-grace must be between 0s and 15m")
    public boolean isSummaryGraceInRange() {
        return summaryGrace == null || !summaryGrace.isNegative() && summaryGrace.compareTo(MAX_SUMMARY_GRACE) <= 0;
    }
}
