package com.example.voicegateway.config;

import java.time.Duration;

/**
 * How long the gateway waits for 8x8's evidence of how a call ended; shared by dispatch (the unknown-outcome sweep),
 * reconciliation and the last-resort sweep. Constants, and derived from one another, so that the rule "an unknown
 * call waits until 8x8's log export can settle it" holds by construction instead of by an operator's care.
 */
public final class EvidenceTimes {

    /**
     * How long after an UNKNOWN attempt an export must reach before the absence of a matching row proves that 8x8
     * never placed the call.
     */
    public static final Duration PROOF_DELAY = Duration.ofMinutes(30);

    /** How often a reconciliation is due; several instances share it, they do not multiply it. */
    public static final Duration RECONCILE_INTERVAL = Duration.ofMinutes(15);

    /**
     * How long an UNKNOWN message waits for its session summary before it is FAILED: the proof delay and two
     * reconciliation runs (1 h), so with reconciliation on the export settles it first.
     */
    public static final Duration UNKNOWN_OUTCOME_WINDOW = PROOF_DELAY.plus(RECONCILE_INTERVAL.multipliedBy(2));

    /**
     * How long after validUntil a SUBMITTED call may wait for its session summary (or a log export) before it is
     * FAILED: the last resort when neither ever comes.
     */
    public static final Duration SUMMARY_WINDOW = Duration.ofHours(24);

    private EvidenceTimes() {
    }
}
