package com.example.voicegateway.sandbox;

/**
 * How a simulated call ends, chosen by the destination's last two digits (documented test numbers, in the spirit of
 * other providers' magic numbers). Seconds are realistic durations before {@code gateway.sandbox.time-scale}.
 */
enum Outcome {
    COMPLETED(6, true),
    BUSY(3, false),
    NO_ANSWER(30, false),
    ERROR(0, false),
    FAILED(2, false);

    final double ringSeconds;
    final boolean answered;

    Outcome(double ringSeconds, boolean answered) {
        this.ringSeconds = ringSeconds;
        this.answered = answered;
    }

    /**
     * @param callToDestination 1 for the first call this message makes to {@code destination}, 2 for the next...
     */
    static Outcome forCall(String destination, int callToDestination) {
        // 08 and 09 answer only the second call, so a redial can be tried out end to end.
        if (destination.endsWith("08")) {
            return callToDestination == 1 ? NO_ANSWER : COMPLETED;
        }
        if (destination.endsWith("09")) {
            return callToDestination == 1 ? BUSY : COMPLETED;
        }
        return forDestination(destination);
    }

    static Outcome forDestination(String destination) {
        if (destination.endsWith("01")) {
            return BUSY;
        }
        if (destination.endsWith("02")) {
            return NO_ANSWER;
        }
        if (destination.endsWith("03")) {
            return ERROR;
        }
        if (destination.endsWith("04")) {
            return FAILED;
        }
        return COMPLETED;
    }
}
