package com.example.voicegateway.web;

import jakarta.validation.ConstraintViolation;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.fileupload.impl.SizeException;
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
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What Spring cannot map by itself: domain exceptions are {@link ErrorResponseException}s with their own problem,
 * Spring MVC's own exceptions are mapped by {@link ResponseEntityExceptionHandler}. Left here: database failures
 * (a 503 the client can retry), JSON the body reader refused and query records that broke their constraints (a 400
 * naming the field), and anything unexpected (a 500 without internals). A 400 about a query parameter sent with a
 * bare {@code +} says that it arrived as a space ({@link QueryPlusHint}).
 */
@RestControllerAdvice
class GlobalProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GlobalProblemHandler.class);
    private static final String RETRY_AFTER_SECONDS = "5";
    /** Jackson's STRICT_DUPLICATE_DETECTION message; the name is all the client needs. */
    private static final java.util.regex.Pattern DUPLICATE =
            java.util.regex.Pattern.compile("Duplicate (?:Object property|field|property) \"([^\"]{1,100})\"");

    /** Domain exceptions carry their own problem; only a server-side one is worth a log line. */
    @Override
    protected ResponseEntity<Object> handleErrorResponseException(ErrorResponseException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (status.is5xxServerError()) {
            log.warn("Answering {}: {}", status.value(), e.getBody().getDetail());
        }
        if (e instanceof InvalidRequestException invalid) {
            List<FieldViolation> hinted = QueryPlusHint.apply(invalid.violations(), rawQuery(request));
            if (hinted != invalid.violations()) {
                return ResponseEntity.badRequest().headers(headers).body(validationProblem(hinted));
            }
        }
        return super.handleErrorResponseException(e, headers, status, request);
    }

    private static String rawQuery(WebRequest request) {
        return request instanceof ServletWebRequest servlet ? servlet.getRequest().getQueryString() : null;
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

    /** Tomcat refuses to parse parameters it cannot decode (a form body, where the query filter does not look). */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> undecodableParameters(org.apache.tomcat.util.http.InvalidParameterException e) {
        if (e.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", RequestBodyLimitFilter.tooLarge()));
        }
        return ResponseEntity.badRequest().body(validationProblem(List.of(new FieldViolation("parameters",
                "are not valid percent-encoded UTF-8 (RFC 3986), or too many"))));
    }

    /**
     * An upload (POST /broadcasts, the only endpoint that takes multipart) over {@link MultipartLimits}' limit, which
     * Tomcat finds while it reads a chunked body.
     */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = causedBy(e, SizeException.class)
                ? RequestBodyLimitFilter.tooLarge(RequestBodyLimitFilter.MAX_BROADCAST_BODY_BYTES)
                // Tomcat's other "exceeded": a part without a filename is a form field, held to the connector's
                // form limit (web.TomcatBodyLimits), whatever the upload's.
                : "A part without a filename is a form field, which may hold at most "
                        + RequestBodyLimitFilter.MAX_BODY_BYTES / 1024 + " KiB: send the recipients as a file, with"
                        + " a filename in the part's Content-Disposition"
                        + " (curl: -F 'recipients=@people.csv;type=text/csv').";
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", detail));
    }

    /** A multipart body Tomcat cannot take apart (cut off, a part that never ends): the client's to fix. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadableMultipart(MultipartException e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Bad Request", "The request body"
                + " is not readable multipart/form-data: each part starts with the boundary named in Content-Type,"
                + " and the body ends with the boundary followed by --."));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (connectionLost(e)) {
            // The database went away mid-request in a way Spring does not translate (a rollback on a closed
            // connection surfaces as JpaSystemException): still the store being unreachable, so still a retryable 503.
            return databaseDown(e);
        }
        log.error("Unexpected error", e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal Server Error", "Something went wrong on our side. It has been logged."));
    }

    /**
     * A connection exception (SQLState class 08) or the server shutting down or starting (57P01 to 57P03) anywhere in
     * the causes.
     */
    static boolean connectionLost(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String expected = e.getRequiredType() == null ? "a valid value" : describe(e.getRequiredType());
        ProblemDetail body = validationProblem(QueryPlusHint.apply(
                List.of(new FieldViolation(e.getPropertyName(), "must be " + expected)), rawQuery(request)));
        return ResponseEntity.badRequest().body(body);
    }

    /**
     * A query-string record such as {@link PageQuery} that broke its constraints or could not be bound: each field
     * named as the client wrote it, in the shape of every other 400.
     */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> errors = new java.util.ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            if (error.contains(TypeMismatchException.class)) {
                Class<?> type = error.unwrap(TypeMismatchException.class).getRequiredType();
                errors.add(new FieldViolation(error.getField(), "must be " + describe(type)));
            } else if (error.contains(ConstraintViolation.class)) {
                errors.add(FieldViolation.of(error.unwrap(ConstraintViolation.class)));
            } else {
                errors.add(new FieldViolation(error.getField(), String.valueOf(error.getDefaultMessage())));
            }
        }
        e.getBindingResult().getGlobalErrors().forEach(error ->
                errors.add(new FieldViolation("parameters", String.valueOf(error.getDefaultMessage()))));
        errors.sort(java.util.Comparator.comparing(FieldViolation::field));
        return ResponseEntity.badRequest().body(validationProblem(QueryPlusHint.apply(errors, rawQuery(request))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (causedBy(e, RequestBodyLimitFilter.BodyTooLargeException.class)) {
            Throwable tooLarge = e;
            while (!(tooLarge instanceof RequestBodyLimitFilter.BodyTooLargeException)) {
                tooLarge = tooLarge.getCause();
            }
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", tooLarge.getMessage()));
        }
        Throwable cause = e.getCause();
        if (cause instanceof NulRefusingStrings.NulInText nul) {
            return ResponseEntity.badRequest().body(validationProblem(List.of(
                    new FieldViolation(path(nul).isEmpty() ? "body" : path(nul), NulRule.MESSAGE))));
        }
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
        // The body as a whole is the wrong shape ([] or "text" where an object belongs); more after it is not.
        if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && !shortMessage(mismatch).startsWith("Trailing token")) {
            return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Bad Request",
                    "The request body must be " + describe(mismatch.getTargetType()) + "."));
        }
        // A number too large or too small for its Java type fails in the parser, not in databind, so it is no
        // DatabindException; databind still adds the path of the field it was reading when the parser threw.
        if (cause instanceof InputCoercionException coercion && !coercion.getPath().isEmpty()) {
            return ResponseEntity.badRequest().body(validationProblem(List.of(
                    new FieldViolation(path(coercion), "is a number out of range for this field"))));
        }
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            return ResponseEntity.badRequest().body(validationProblem(List.of(
                    new FieldViolation(path(databind), "has an invalid value"))));
        }
        java.util.regex.Matcher duplicate = cause == null ? null : DUPLICATE.matcher(shortMessage(cause));
        if (cause instanceof StreamReadException read && duplicate.find()) {
            // The parser knows only the repeated name; databind's path says in which object it stood.
            String parent = path(read);
            String field = parent.isEmpty() ? duplicate.group(1) : parent + "." + duplicate.group(1);
            return ResponseEntity.badRequest().body(validationProblem(List.of(
                    new FieldViolation(field, "is given more than once"))));
        }
        String detail = cause instanceof JacksonException jackson
                ? "The request body is not valid JSON: " + JsonErrorWords.reason(jackson) + "."
                : "The request body is missing or not readable.";
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Bad Request", detail));
    }

    private static ProblemDetail validationProblem(List<FieldViolation> violations) {
        return InvalidInput.problem(violations);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    private static String path(JacksonException e) {
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
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
            return "a JSON object";
        }
        // Never a Java type's name: the client knows JSON and the API's words, not our classes.
        return switch (type.getSimpleName()) {
            case "String" -> "a string";
            case "Integer", "int", "Short", "short", "Long", "long" -> "a whole number";
            case "BigDecimal", "Double", "double", "Float", "float" -> "a number";
            case "Instant" -> "an ISO-8601 instant like 2026-11-25T16:00:00Z";
            case "UUID" -> "a UUID";
            case "Boolean", "boolean" -> "true or false";
            default -> "a value of another type";
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
