package com.example.voicegateway.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page (a failure outside Spring MVC, e.g. in a filter) answered as problem+json like every
 * other error, instead of Boot's own JSON shape. Asked for directly, {@code /error} is a resource that does not
 * exist: 404, never the 500 Boot answers for an error page without an error.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        if (code == null) {
            status = HttpStatus.NOT_FOUND;
        } else if (status == null || !status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, status.is5xxServerError()
                ? "Something went wrong on our side. It has been logged."
                : code == null ? "No resource here." : "The request was refused: " + status.getReasonPhrase() + ".");
        problem.setTitle(status.getReasonPhrase());
        if (path instanceof String p && isPlainPath(p)) {
            problem.setInstance(URI.create(p));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static boolean isPlainPath(String path) {
        // Only a path that is a valid URI reference as it stands; anything else is left out rather than guessed.
        return path.length() <= 2048 && path.matches("/[A-Za-z0-9/._~!$&'()*+,;=:@-]*");
    }
}
