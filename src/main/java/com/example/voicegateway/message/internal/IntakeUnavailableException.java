package com.example.voicegateway.message.internal;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The message was not stored, and never will be from this request; the client may retry (503, Retry-After). */
public class IntakeUnavailableException extends ErrorResponseException {

    static final String RETRY_AFTER_SECONDS = "5";

    public IntakeUnavailableException(String reason) {
        super(HttpStatus.SERVICE_UNAVAILABLE, unavailable("The message was not stored: " + reason + ". Retry later."),
                null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }

    static ProblemDetail unavailable(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Service Unavailable");
        return problem;
    }
}
