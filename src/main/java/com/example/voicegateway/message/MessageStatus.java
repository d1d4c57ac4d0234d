package com.example.voicegateway.message;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The life of a voice message. Every allowed move is listed here and nowhere else; {@code VoiceMessage} refuses
 * any other.
 */
public enum MessageStatus {
    /** Stored, waiting for the dispatcher: its first call, a retry known to be safe, or its next call. */
    QUEUED,
    /** Claimed by a dispatcher: a callflow may be on its way to 8x8. */
    SENDING,
    /** 8x8 answered CREATED for the current call; its outcome comes with the session summary. */
    SUBMITTED,
    /** A callflow may have reached 8x8 but no answer came back. Never re-sent; the session summary settles it. */
    UNKNOWN,
    COMPLETED,
    NO_ANSWER,
    BUSY,
    /** Canceled by the client before dispatch, or the call was canceled at 8x8. */
    CANCELED,
    /** The call failed, retries ran out, or an unknown outcome was never settled. */
    FAILED,
    ERROR,
    /** 8x8 refused the callflow for a reason retrying cannot fix. */
    REJECTED,
    /** {@code validUntil} passed before 8x8 accepted the callflow. */
    EXPIRED,
    /** The person pressed the key {@code acknowledge} asked for: someone heard it. Final. */
    ACKNOWLEDGED,
    /**
     * The call was answered ({@code COMPLETED}) but the key {@code acknowledge} asked for never came. Final, except
     * that a report of the right key for the same call, arriving late, still makes it {@link #ACKNOWLEDGED}.
     */
    NOT_ACKNOWLEDGED,
    /**
     * Not called: its destination (or, for a fallback call, that number) is on a do-not-call list, the client's or
     * the global one; which one is on the call ({@code suppressedBy}). Final.
     */
    SUPPRESSED;

    /**
     * Outcomes a call can end with: what a session summary reports (the call happened, or was attempted, at 8x8),
     * and for a message with {@code acknowledge}, whether the right key came.
     */
    public static final Set<MessageStatus> CALL_OUTCOMES = EnumSet.of(COMPLETED, NO_ANSWER, BUSY, CANCELED, FAILED, ERROR,
            ACKNOWLEDGED, NOT_ACKNOWLEDGED);

    /**
     * Between calls the message is QUEUED again, so a move to QUEUED from SUBMITTED (or from QUEUED itself) is the
     * next call being planned; that happens only after a session summary proved how the current call ended. From
     * UNKNOWN only when 8x8 proved the call was never placed ({@link CallStatus#NOT_PLACED}): an unknown outcome
     * is otherwise never followed by another call.
     */
    public Set<MessageStatus> allowedNext() {
        return switch (this) {
            // The call outcomes too: a retry can be queued after an answer that looked like "not created" while
            // 8x8 had placed the call after all. A session summary proves the call was placed, so it settles the
            // call, which must then never be sent again.
            case QUEUED -> union(EnumSet.of(QUEUED, SENDING, CANCELED, EXPIRED, SUPPRESSED), CALL_OUTCOMES);
            // A summary can beat the dispatcher's own bookkeeping, hence the call outcomes from SENDING. SUPPRESSED:
            // the claim found the number on a do-not-call list.
            case SENDING -> union(EnumSet.of(QUEUED, SUBMITTED, UNKNOWN, REJECTED, EXPIRED, SUPPRESSED),
                    CALL_OUTCOMES);
            case SUBMITTED, UNKNOWN -> union(EnumSet.of(QUEUED), CALL_OUTCOMES);
            // The key was pressed, its report came after the summary that said nobody pressed it: the key wins.
            case NOT_ACKNOWLEDGED -> EnumSet.of(ACKNOWLEDGED);
            case COMPLETED, NO_ANSWER, BUSY, CANCELED, FAILED, ERROR, REJECTED, EXPIRED, ACKNOWLEDGED, SUPPRESSED ->
                    EnumSet.noneOf(MessageStatus.class);
        };
    }

    public boolean canMoveTo(MessageStatus next) {
        return allowedNext().contains(next);
    }

    public boolean isTerminal() {
        return allowedNext().isEmpty();
    }

    /** The message is settled: no move left, or only the late right key of {@link #NOT_ACKNOWLEDGED}. */
    public boolean isFinal() {
        return isTerminal() || this == NOT_ACKNOWLEDGED;
    }

    /**
     * Done: no call is pending and nothing more will be placed or sent for the message, now or after any move left
     * to it; what remains is a record. Every status reachable from it, itself included, is final: so
     * {@link #NOT_ACKNOWLEDGED} is done (its one move, a late report of the right key, places no call), while
     * {@link #UNKNOWN} is not (8x8's log may yet prove the call was never placed, and it is placed again). Retention
     * erases and deletes only done messages.
     */
    public boolean isDone() {
        Set<MessageStatus> seen = EnumSet.noneOf(MessageStatus.class);
        Deque<MessageStatus> next = new ArrayDeque<>(List.of(this));
        while (!next.isEmpty()) {
            MessageStatus status = next.pop();
            if (!status.isFinal()) {
                return false;
            }
            if (seen.add(status)) {
                next.addAll(status.allowedNext());
            }
        }
        return true;
    }

    private static Set<MessageStatus> union(Set<MessageStatus> a, Set<MessageStatus> b) {
        EnumSet<MessageStatus> all = EnumSet.copyOf(a);
        all.addAll(b);
        return all;
    }
}
