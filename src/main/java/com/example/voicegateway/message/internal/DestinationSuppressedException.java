package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.SuppressionList;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The destination is on a do-not-call list and the client asked for such messages to be refused
 * ({@code gateway.clients.<name>.on-suppressed: reject}): 422, nothing stored, naming the list.
 */
class DestinationSuppressedException extends ErrorResponseException {

    DestinationSuppressedException(String clientName, SuppressionList list) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(clientName, list), null);
    }

    private static ProblemDetail problem(String clientName, SuppressionList list) {
        String which = list == SuppressionList.CLIENT ? "your do-not-call list (DELETE /suppressions/{destination}"
                + " takes it off)" : "the gateway's global do-not-call list, kept by ops";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "The destination is on " + which + ": the message was not stored and nobody will be called"
                        + " (gateway.clients." + clientName + ".on-suppressed is reject).");
        problem.setTitle("Destination suppressed");
        problem.setProperty("suppressedBy", list.name());
        return problem;
    }
}
