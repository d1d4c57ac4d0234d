package com.example.voicegateway.message;

import java.time.Duration;
import java.util.Map;

/** The client's quota has no room for another message: nothing was stored. Answered 429. */
public class QuotaExceededException extends RuntimeException {

    private final transient IntakeQuota.Decision decision;

    QuotaExceededException(String client, IntakeQuota.Decision decision) {
        super("Client '" + client + "' is over its message quota; retry in " + seconds(decision.retryAfter())
                + " s. Nothing was stored.");
        this.decision = decision;
    }

    public long retryAfterSeconds() {
        return seconds(decision.retryAfter());
    }

    public Map<String, String> headers() {
        return decision.headers();
    }

    private static long seconds(Duration wait) {
        // Retry-After is whole seconds; rounding down would invite a retry that is refused again.
        return wait == null ? 1 : Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
