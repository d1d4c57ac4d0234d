package com.example.voicegateway.message.internal;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The client's {@code max-calls-per-day} to the destination's country is used up for today, and the message would be
 * due before it refills: nothing was stored. Answered 429 with Retry-After (the next UTC midnight).
 */
public class DailyCallLimitException extends ErrorResponseException {

    private final long retryAfterSeconds;

    DailyCallLimitException(String client, long limit, String country, Duration untilRefill) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(client, limit, country, seconds(untilRefill)), null);
        this.retryAfterSeconds = seconds(untilRefill);
        getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private static ProblemDetail problem(String client, long limit, String country, long retryAfterSeconds) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, "Client '" + client
                + "' has used today's " + limit + " calls to " + country + " (gateway.clients." + client
                + ".max-calls-per-day); the limit refills at 00:00 UTC, in " + retryAfterSeconds
                + " s. Nothing was stored.");
        problem.setTitle("Daily call limit reached");
        problem.setProperty("retryAfterSeconds", retryAfterSeconds);
        return problem;
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
