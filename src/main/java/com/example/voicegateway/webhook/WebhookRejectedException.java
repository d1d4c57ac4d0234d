package com.example.voicegateway.webhook;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A webhook delivery refused before (or instead of) being stored, answered as a problem like any other error. */
final class WebhookRejectedException extends ErrorResponseException {

    private WebhookRejectedException(HttpStatus status, String title, String detail) {
        super(status, problem(status, title, detail), null);
    }

    static WebhookRejectedException refused(WebhookGuard.Verdict verdict) {
        WebhookRejectedException e = switch (verdict) {
            case ADDRESS_NOT_ALLOWED -> new WebhookRejectedException(HttpStatus.FORBIDDEN, "Forbidden",
                    "Session summaries are accepted only from gateway.webhook.allowed-ips.");
            case MISSING_AUTHORIZATION -> new WebhookRejectedException(HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "Send the webhook's configured Authorization header.");
            default -> new WebhookRejectedException(HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "The Authorization header does not hold the configured webhook value.");
        };
        if (e.getStatusCode() == HttpStatus.UNAUTHORIZED) {
            e.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"8x8 webhooks\"");
        }
        return e;
    }

    static WebhookRejectedException badBody(String detail) {
        return new WebhookRejectedException(HttpStatus.BAD_REQUEST, "Bad Request", detail);
    }

    static WebhookRejectedException tooLarge(String detail) {
        return new WebhookRejectedException(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", detail);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
