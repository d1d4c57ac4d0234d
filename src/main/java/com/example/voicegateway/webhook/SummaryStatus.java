package com.example.voicegateway.webhook;

import com.example.voicegateway.message.CallStatus;
import java.util.Locale;

/** 8x8's {@code sessionStatus} / {@code callStatus} values, in every spelling its docs use, and what they mean to us. */
public final class SummaryStatus {

    private SummaryStatus() {
    }

    /**
     * One spelling per value: upper case, blanks and hyphens as underscores, British "CANCELLED" as "CANCELED", so
     * {@code "NO ANSWER"}, {@code "no_answer"} and {@code "NO_ANSWER"} are the same value.
     */
    public static String normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.trim().toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
        return value.equals("CANCELLED") ? "CANCELED" : value;
    }

    /** 8x8's errorCode for "the trunk capacity has been exceeded": the call was never placed. */
    static final int TRUNK_CAPACITY_EXCEEDED = -2010;

    /**
     * The call status a summary settles its call to: the outcome its session status names, except that an ERROR with
     * {@link #TRUNK_CAPACITY_EXCEEDED} proves nobody was rung ({@link CallStatus#NOT_PLACED}).
     */
    static CallStatus toCallStatus(String raw, Integer errorCode) {
        CallStatus status = toCallOutcome(raw);
        if (status == CallStatus.ERROR && Integer.valueOf(TRUNK_CAPACITY_EXCEEDED).equals(errorCode)) {
            return CallStatus.NOT_PLACED;
        }
        return status;
    }

    /**
     * The outcome a session status settles a call to. The call happened in every case, so a value we have never
     * seen still ends the call (as FAILED) rather than leaving it in flight; the raw value stays visible as
     * {@code sessionStatus}. Null only when the summary carries no status at all.
     */
    public static CallStatus toCallOutcome(String raw) {
        String value = normalise(raw);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "COMPLETED" -> CallStatus.COMPLETED;
            case "NO_ANSWER" -> CallStatus.NO_ANSWER;
            case "BUSY" -> CallStatus.BUSY;
            case "CANCELED" -> CallStatus.CANCELED;
            case "FAILED" -> CallStatus.FAILED;
            case "ERROR" -> CallStatus.ERROR;
            // The message was played; only the opt-out handling after it was special.
            case "COMPLETED_UNSUBSCRIBED", "COMPLETED_UNSUB_ERROR" -> CallStatus.COMPLETED;
            // The person had opted out before: the message did not reach them.
            case "UNSUBSCRIBED_CONTACT" -> CallStatus.FAILED;
            default -> CallStatus.FAILED;
        };
    }
}
