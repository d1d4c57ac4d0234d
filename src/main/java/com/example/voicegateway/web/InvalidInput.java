package com.example.voicegateway.web;

import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The one shape of a 400 for bad input: a detail for people and {@code errors} (field, message) for programs. */
public final class InvalidInput {

    private InvalidInput() {
    }

    public static ProblemDetail problem(List<FieldViolation> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, errors.stream()
                .map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.copyOf(errors));
        return problem;
    }
}
