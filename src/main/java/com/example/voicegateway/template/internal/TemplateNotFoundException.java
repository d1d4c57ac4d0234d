package com.example.voicegateway.template.internal;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No template with that id the caller may see (another client's answers the same, so ids do not leak). */
class TemplateNotFoundException extends ErrorResponseException {

    TemplateNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(HttpStatus.NOT_FOUND, "Not Found", "No template with id " + id + "."),
                null);
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    static ErrorResponseException conflict(String detail) {
        return new ErrorResponseException(HttpStatus.CONFLICT, problem(HttpStatus.CONFLICT, "Conflict", detail), null);
    }

    static ErrorResponseException forbidden(String detail) {
        return new ErrorResponseException(HttpStatus.FORBIDDEN, problem(HttpStatus.FORBIDDEN, "Forbidden", detail),
                null);
    }
}
