package com.example.voicegateway.console;

import java.time.Instant;
import java.util.List;

/**
 * A message's whole story, as the console tells it: the facts at the top, why it waits and what happens next while
 * it is not final, then every event in time order, each dated by the gateway's own clock.
 *
 * @param waiting         while the message is not final: why it waits and what comes next; null once final
 * @param failedCallbacks callback deliveries an operator can queue again
 */
record Story(Facts facts, Waiting waiting, List<Entry> entries, boolean cancellable,
        List<FailedCallback> failedCallbacks) {

    /**
     * @param noteLabel "Last error" when the message failed, "Why" for any other final reason; null without a note
     */
    record Facts(String id, String status, String statusInWords, String destination, String source, String client,
            String clientReference, String content, Instant validUntil, String noteLabel, String note,
            String cost) {

        public String tone() {
            return StoryTeller.tone(status);
        }
    }

    /**
     * Why a message that is not final waits, until when, and what happens then.
     *
     * @param until when the wait ends (the next attempt or call), or null when it ends on news from 8x8
     */
    record Waiting(String why, Instant until, String untilInWords, String next) {
    }

    /**
     * One event.
     *
     * @param tone how it went, for the eye: {@code ok}, {@code warn}, {@code bad} or {@code info}
     */
    record Entry(Instant at, String tone, String title, String detail) {
    }

    record FailedCallback(String id, String type) {
    }
}
