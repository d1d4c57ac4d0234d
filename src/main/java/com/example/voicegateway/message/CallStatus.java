package com.example.voicegateway.message;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of one call (one callflow placed at 8x8) of a message. Every allowed move is listed here and nowhere
 * else; the SQL that moves a call is checked against it by a test. To add a status (acknowledgement, reconciliation),
 * add the constant, give it its moves in {@link #allowedNext()}, and widen the {@code voice_call_status_known} check
 * in a migration.
 */
public enum CallStatus {
    /** Planned: waiting for its time, a rate permit or a safe retry. Nothing was posted for it, or nothing that 8x8 kept. */
    QUEUED,
    /** A callflow POST for it may have begun (recorded before the POST starts). */
    SENDING,
    /** 8x8 answered CREATED; the outcome comes with the session summary. */
    SUBMITTED,
    /**
     * A POST may have reached 8x8 but no answer came back: never followed by another call, and posted again only when
     * 8x8's own log export proves the call was never placed (reconcile): then it is QUEUED again, same number and
     * clientRequestId, like a POST that provably created nothing.
     */
    UNKNOWN,
    COMPLETED,
    NO_ANSWER,
    BUSY,
    /** Canceled at 8x8, or by the client before the call was placed. */
    CANCELED,
    FAILED,
    ERROR,
    /** 8x8 refused the callflow for a reason retrying cannot fix. */
    REJECTED,
    /** {@code validUntil} passed before the call was placed. */
    EXPIRED,
    /**
     * 8x8 proved the call was never placed (session summary ERROR with -2010, trunk capacity exceeded): nobody was
     * rung, so it is placed again as a new call that does not count against {@code redial.maxCalls}.
     */
    NOT_PLACED,
    /** With {@code acknowledge}: the person pressed the key asked for (8x8's call action webhook). Final. */
    ACKNOWLEDGED,
    /**
     * With {@code acknowledge}: answered ({@code COMPLETED}) but the key never came. Final, except that the right key
     * reported late (after the summary) still makes it {@link #ACKNOWLEDGED}.
     */
    NOT_ACKNOWLEDGED,
    /**
     * Never placed: its number is on a do-not-call list (the client's or the global one). Set at intake on the first
     * call of a message to a suppressed destination, or when a dispatcher claims a queued call whose number was
     * suppressed meanwhile. Final.
     */
    SUPPRESSED;

    /**
     * Outcomes that end a call: what a session summary proves (the call happened, or was attempted, at 8x8) and, for
     * {@code acknowledge}, whether the right key came.
     */
    public static final Set<CallStatus> SUMMARY_OUTCOMES = EnumSet.of(COMPLETED, NO_ANSWER, BUSY, CANCELED, FAILED,
            ERROR, NOT_PLACED, ACKNOWLEDGED, NOT_ACKNOWLEDGED);

    /**
     * Outcomes of a call someone answered: {@code COMPLETED}, and with {@code acknowledge} both {@code ACKNOWLEDGED}
     * and {@code NOT_ACKNOWLEDGED} (answered, the right key pressed or not). What usage counts as answered.
     */
    public static final Set<CallStatus> ANSWERED = EnumSet.of(COMPLETED, ACKNOWLEDGED, NOT_ACKNOWLEDGED);

    /** Outcomes a client may list in {@code redial.on}. */
    public static final Set<CallStatus> REDIAL_OUTCOMES = EnumSet.of(NO_ANSWER, BUSY);

    public Set<CallStatus> allowedNext() {
        return switch (this) {
            // A summary for a queued retry proves 8x8 placed the call after all (the answer only looked like
            // "not created"), hence the outcomes from QUEUED.
            case QUEUED -> union(EnumSet.of(SENDING, CANCELED, EXPIRED, SUPPRESSED), SUMMARY_OUTCOMES);
            // A summary can beat the dispatcher's own bookkeeping, hence the outcomes from SENDING. QUEUED only when
            // the POST provably did not create the call. SUPPRESSED: the claim found its number on a list, and nothing
            // was posted.
            case SENDING -> union(EnumSet.of(QUEUED, SUBMITTED, UNKNOWN, REJECTED, EXPIRED, SUPPRESSED),
                    SUMMARY_OUTCOMES);
            case SUBMITTED -> SUMMARY_OUTCOMES;
            // QUEUED only on 8x8's log export: no call to that number in the whole send window (reconcile).
            case UNKNOWN -> union(EnumSet.of(QUEUED), SUMMARY_OUTCOMES);
            // The key was pressed; its report came after the summary that said nobody pressed it: the key wins.
            case NOT_ACKNOWLEDGED -> EnumSet.of(ACKNOWLEDGED);
            case COMPLETED, NO_ANSWER, BUSY, CANCELED, FAILED, ERROR, REJECTED, EXPIRED, NOT_PLACED, ACKNOWLEDGED,
                    SUPPRESSED -> EnumSet.noneOf(CallStatus.class);
        };
    }

    public boolean canMoveTo(CallStatus next) {
        return allowedNext().contains(next);
    }

    /** The call is over: no move left, or only the late right key of {@link #NOT_ACKNOWLEDGED}. */
    public boolean isFinal() {
        return allowedNext().isEmpty() || this == NOT_ACKNOWLEDGED;
    }

    /** Statuses a session summary may settle: those that may move to every summary outcome. */
    public static Set<CallStatus> settleable() {
        EnumSet<CallStatus> settleable = EnumSet.noneOf(CallStatus.class);
        for (CallStatus status : values()) {
            if (status.allowedNext().containsAll(SUMMARY_OUTCOMES)) {
                settleable.add(status);
            }
        }
        return settleable;
    }

    /** The message status a call's outcome gives the message when it is the message's last call. */
    public MessageStatus messageStatus() {
        // Nobody was rung and no further call could be placed: 8x8's answer was an error.
        return this == NOT_PLACED ? MessageStatus.ERROR : MessageStatus.valueOf(name());
    }

    private static Set<CallStatus> union(Set<CallStatus> a, Set<CallStatus> b) {
        EnumSet<CallStatus> all = EnumSet.copyOf(a);
        all.addAll(b);
        return all;
    }
}
