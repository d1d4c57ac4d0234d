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
