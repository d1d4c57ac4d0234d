package com.example.voicegateway.message;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No broadcast with that id, or none the caller may see: both answer 404 so ids of others do not leak. */
public class BroadcastNotFoundException extends ErrorResponseException {

    public BroadcastNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No broadcast with id " + id + ".");
        problem.setTitle("Not Found");
        return problem;
    }
}
