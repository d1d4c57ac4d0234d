package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.IntakeQuota;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The client's quota has no room for another message: nothing was stored. Answered 429 with Retry-After. */
public class QuotaExceededException extends ErrorResponseException {

    private final long retryAfterSeconds;

    QuotaExceededException(String client, IntakeQuota.Decision decision) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(client, seconds(decision.retryAfter())), null);
        this.retryAfterSeconds = seconds(decision.retryAfter());
        getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        decision.headers().forEach(getHeaders()::set);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private static ProblemDetail problem(String client, long retryAfterSeconds) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, "Client '" + client
                + "' is over its message quota; retry in " + retryAfterSeconds + " s. Nothing was stored.");
        problem.setTitle("Quota exceeded");
        problem.setProperty("retryAfterSeconds", retryAfterSeconds);
        return problem;
    }

    private static long seconds(Duration wait) {
        // Retry-After is whole seconds; rounding down would invite a retry that is refused again.
        return wait == null ? 1 : Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
