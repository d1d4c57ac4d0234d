package com.example.voicegateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Lets servlet filters, which run before Spring MVC, answer errors the one way controllers do: the exception goes
 * to Spring MVC's own exception resolution, so the body, content type and headers come from the same place.
 */
@Component
public class ProblemResponses {

    private final HandlerExceptionResolver resolver;

    ProblemResponses(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        this.resolver = resolver;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
            String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        send(request, response, new ErrorResponseException(status, problem, null));
    }

    /** A 400 naming the query parameter, in the shape of every other 400 ({@code errors}: field and message). */
    void badParameter(HttpServletRequest request, HttpServletResponse response, String parameter, String message) {
        send(request, response, new ErrorResponseException(HttpStatus.BAD_REQUEST,
                InvalidInput.problem(List.of(new FieldViolation(parameter, message))), null));
    }

    public void send(HttpServletRequest request, HttpServletResponse response, ErrorResponseException error) {
        if (resolver.resolveException(request, response, null, error) == null) {
            // Only if no resolver took it (it always should): the status at least.
            response.setStatus(error.getStatusCode().value());
        }
    }
}
