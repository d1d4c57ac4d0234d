package com.example.voicegateway.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reconciliation against 8x8's log export ({@code gateway.reconcile.*}).
 *
 * @param enabled       run the reconciler and the daily cost export on this instance (one instance works at a time)
 * @param interval      how often a reconciliation is due; several instances share it, they do not multiply it
 * @param summaryGrace  how long a SUBMITTED call may lack its session summary, counted from validUntil or from the
 *                      call's start, whichever is later, before the export is asked
 * @param proofDelay    how long after an UNKNOWN attempt an export must reach before the absence of a matching row
 *                      proves that 8x8 never placed the call
 * @param matchMargin   slack around the attempt's send window and around the export's span, for clock skew and 8x8's
 *                      queueing between our POST and its InitiatedAt
 * @param pollInitial   first wait before asking 8x8 whether an export job is done, doubled per poll
 * @param pollMax       longest wait between two polls
 * @param exportTimeout how long one export job may take before the run gives up on it (the calls wait for the next)
 * @param dailyCostAt   time after UTC midnight when the previous day's cost export is due
 */
public record ReconcileProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("15m") Duration interval,
        @NotNull @DefaultValue("15m") Duration summaryGrace,
        @NotNull @DefaultValue("30m") Duration proofDelay,
        @NotNull @DefaultValue("2m") Duration matchMargin,
        @NotNull @DefaultValue("2s") Duration pollInitial,
        @NotNull @DefaultValue("1m") Duration pollMax,
        @NotNull @DefaultValue("30m") Duration exportTimeout,
        @NotNull @DefaultValue("2h") Duration dailyCostAt) {

    @AssertTrue(message = "interval, summary-grace, proof-delay, poll-initial, poll-max and export-timeout must be"
            + " positive; match-margin and daily-cost-at must not be negative")
    public boolean isEveryDurationValid() {
        return positive(interval) && positive(summaryGrace) && positive(proofDelay) && positive(pollInitial)
                && positive(pollMax) && positive(exportTimeout) && notNegative(matchMargin)
                && notNegative(dailyCostAt);
    }

    @AssertTrue(message = "poll-max must not be less than poll-initial")
    public boolean isPollMaxAtLeastInitial() {
        return pollInitial == null || pollMax == null || pollMax.compareTo(pollInitial) >= 0;
    }

    @AssertTrue(message = "daily-cost-at must be less than 24h")
    public boolean isDailyCostAtWithinADay() {
        return dailyCostAt == null || dailyCostAt.compareTo(Duration.ofDays(1)) < 0;
    }

    private static boolean positive(Duration d) {
        return d == null || (!d.isNegative() && !d.isZero());
    }

    private static boolean notNegative(Duration d) {
        return d == null || !d.isNegative();
    }
}
