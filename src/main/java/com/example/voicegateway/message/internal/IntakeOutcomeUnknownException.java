package com.example.voicegateway.message.internal;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The database took the message but did not confirm the commit in time: it may or may not be stored. Only a retry
 * with the same Idempotency-Key is safe then, so the answer must not claim that nothing was stored.
 */
public class IntakeOutcomeUnknownException extends ErrorResponseException {

    public IntakeOutcomeUnknownException() {
        super(HttpStatus.SERVICE_UNAVAILABLE, IntakeUnavailableException.unavailable("The database did not confirm in"
                + " time whether the message was stored. Retry with the same Idempotency-Key: that returns the"
                + " message if it was stored and stores it once if not."), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, IntakeUnavailableException.RETRY_AFTER_SECONDS);
    }
}
