package com.example.voicegateway.web;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request that broke one or more rules; every broken rule is reported, not just the first. Answered as a 400
 * problem whose {@code errors} lists each field (or parameter) with what is wrong with it.
 */
public class InvalidRequestException extends ErrorResponseException {

    private final List<FieldViolation> violations;

    public InvalidRequestException(List<FieldViolation> violations) {
        super(HttpStatus.BAD_REQUEST, problem(violations), null);
        this.violations = List.copyOf(violations);
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    private static ProblemDetail problem(List<FieldViolation> violations) {
        return InvalidInput.problem(violations);
    }
}
