package com.example.voicegateway.message;

import java.time.Duration;
import java.util.Map;

/**
 * Per-client intake quotas, implemented by the {@code quota} feature. Intake takes one message from the client's
 * quota before storing it and gives it back when nothing new was stored (a replay, or the store failed).
 */
public interface IntakeQuota {

    /** One message from the client's quota. A client without a quota is always allowed and costs nothing. */
    Decision take(String client);

    /**
     * {@code count} messages at once, all or none: a broadcast's recipients. A client without a quota is always
     * allowed. Refused (nothing taken) when they do not all fit now; {@link Decision#retryAfter} is null when they
     * never can, because {@code count} is more than a window of the quota holds ({@link #largestBatch}).
     */
    Decision takeAll(String client, int count);

    /** The most messages one window of the client's quota holds; {@code Long.MAX_VALUE} without a quota. */
    long largestBatch(String client);

    /** Gives back {@code count} messages {@link #takeAll} took for a broadcast that was not stored after all. */
    void giveBack(String client, Decision taken, int count);

    /**
     * Returns a message taken by {@link #take} that was not stored after all. {@code taken} is the decision that took
     * it: a message taken in a window that is over counted for that window and is not given back.
     */
    void giveBack(String client, Decision taken);

    /**
     * @param allowed    whether the message fits the quota
     * @param counted    whether a message was taken (false for a client without a quota, or when refused)
     * @param retryAfter when refused, how long until one more message fits
     * @param headers    the RateLimit-Policy / RateLimit fields to answer with; empty without a quota
     * @param window     the quota's window (of its shortest limit) the message was taken in, for {@link #giveBack}
     */
    record Decision(boolean allowed, boolean counted, Duration retryAfter, Map<String, String> headers, long window) {

        public static final Decision UNLIMITED = new Decision(true, false, null, Map.of(), 0);
    }
}
