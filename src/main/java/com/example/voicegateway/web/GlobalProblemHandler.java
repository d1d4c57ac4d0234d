package com.example.voicegateway.web;

import com.example.voicegateway.message.FieldViolation;
import com.example.voicegateway.message.IdempotencyConflictException;
import com.example.voicegateway.message.IllegalTransitionException;
import com.example.voicegateway.message.IntakeOutcomeUnknownException;
import com.example.voicegateway.message.IntakeUnavailableException;
import com.example.voicegateway.message.InvalidRequestException;
import com.example.voicegateway.message.MessageNotFoundException;
import com.example.voicegateway.message.QuotaExceededException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure into RFC 9457 {@code application/problem+json}: bad input is a 4xx naming what is wrong, a
 * database outage is a 503 the client can retry, and anything unexpected is a 500 without internals.
 */
@RestControllerAdvice
class GlobalProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GlobalProblemHandler.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler
    ProblemDetail invalid(InvalidRequestException e) {
        return validationProblem(e.violations());
    }

    @ExceptionHandler
    ProblemDetail notFound(MessageNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not Found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail idempotencyConflict(IdempotencyConflictException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused", e.getMessage());
        problem.setProperty("existingId", e.existingId());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail illegalTransition(IllegalTransitionException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Conflict",
                "The message is " + e.current() + "; it cannot become " + e.requested() + ".");
        // Not "status": that member is the HTTP status in RFC 9457.
        problem.setProperty("currentStatus", e.current());
        return problem;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> overQuota(QuotaExceededException e) {
        ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "Quota exceeded", e.getMessage());
        problem.setProperty("retryAfterSeconds", e.retryAfterSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .headers(headers -> e.headers().forEach(headers::set))
                .body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notStored(IntakeUnavailableException e) {
        log.warn("Answering 503, message not stored: {}", e.getMessage());
        return unavailable("The message was not stored: " + e.getMessage() + ". Retry later.");
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> maybeStored(IntakeOutcomeUnknownException e) {
        log.warn("Answering 503: {}", e.getMessage());
        return unavailable("The database did not confirm in time whether the message was stored. Retry with the"
                + " same Idempotency-Key: that returns the message if it was stored and stores it once if not.");
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, CannotGetJdbcConnectionException.class,
            CannotCreateTransactionException.class, TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> databaseDown(Exception e) {
        // The class only: a driver message can quote row values, phone numbers included.
        log.warn("Answering 503, database unavailable: {}", e.getClass().getSimpleName());
        return unavailable("The message store is not reachable right now. Retry later; a POST retried with the"
                + " same Idempotency-Key is safe.");
    }

    private static ResponseEntity<ProblemDetail> unavailable(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable", detail));
    }

    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error",
                "Something went wrong on our side. It has been logged.");
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String expected = e.getRequiredType() == null ? "a valid value" : describe(e.getRequiredType());
        ProblemDetail body = validationProblem(List.of(new FieldViolation(e.getPropertyName(), "must be " + expected)));
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (causedBy(e, RequestBodyLimitFilter.BodyTooLargeException.class)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", RequestBodyLimitFilter.tooLarge()));
        }
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return ResponseEntity.badRequest().body(validationProblem(List.of(
                    new FieldViolation(path(unknown), "is not a known field"))));
        }
        if (cause instanceof InvalidFormatException format) {
            return ResponseEntity.badRequest().body(validationProblem(List.of(new FieldViolation(path(format),
                    "must be " + describe(format.getTargetType()) + "; got " + format.getValue()))));
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return ResponseEntity.badRequest().body(validationProblem(List.of(
                    new FieldViolation(path(mismatch), "must be " + describe(mismatch.getTargetType())))));
        }
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            return ResponseEntity.badRequest().body(validationProblem(List.of(
                    new FieldViolation(path(databind), "has an invalid value"))));
        }
        String detail = cause instanceof StreamReadException || cause instanceof JacksonException
                ? "The request body is not valid JSON: " + shortMessage(cause)
                : "The request body is missing or not readable.";
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Bad Request", detail));
    }

    private static ProblemDetail validationProblem(List<FieldViolation> violations) {
        String detail = violations.stream().map(v -> v.field() + " " + v.message())
                .collect(Collectors.joining("; "));
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
        problem.setProperty("errors", violations);
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    private static String path(DatabindException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return switch (type.getSimpleName()) {
            case "String" -> "a string";
            case "Integer", "int", "Short", "Long" -> "a whole number";
            case "BigDecimal", "Double", "double" -> "a number";
            case "Instant" -> "an ISO-8601 instant like 2026-11-25T16:00:00Z";
            case "UUID" -> "a UUID";
            case "Boolean", "boolean" -> "true or false";
            default -> type.isRecord() ? "a JSON object" : "a " + type.getSimpleName();
        };
    }

    private static String shortMessage(Throwable e) {
        String message = e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
