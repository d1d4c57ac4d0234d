package com.example.voicegateway.console;

import java.time.Instant;
import java.util.List;

/**
 * A message's whole story, as the console tells it: the facts at the top, then every event in the order one led to the next.
 *
 * @param failedCallbacks callback deliveries an operator can queue again
 */
record Story(Facts facts, List<Entry> entries, boolean cancellable, List<FailedCallback> failedCallbacks) {

    record Facts(String id, String status, String statusInWords, String destination, String source, String client,
            String clientReference, String content, Instant validUntil, Instant nextAttemptAt, String lastError,
            String cost) {

        public String tone() {
            return StoryTeller.tone(status);
        }
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
