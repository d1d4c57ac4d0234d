package com.example.voicegateway.auth;

import com.example.voicegateway.web.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/** Spring Security's three refusals as RFC 9457 problems: no or unknown key (401), wrong role (403), odd path (400). */
@Component
class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    static final String CHALLENGE = "ApiKey header=\"" + ApiKeyAuthenticationFilter.HEADER + "\"";
    private static final Logger log = LoggerFactory.getLogger(SecurityProblems.class);

    private final ProblemResponses problems;

    SecurityProblems(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        String detail = ApiKeyAuthenticationFilter.presentedKey(request) == null
                ? "Send your API key in the " + ApiKeyAuthenticationFilter.HEADER + " header."
                : "The " + ApiKeyAuthenticationFilter.HEADER + " header does not hold a known API key.";
        problems.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        problems.write(request, response, HttpStatus.FORBIDDEN, "Forbidden", "This key may not "
                + request.getMethod() + " this path: client keys (gateway.api-keys) send and read their own"
                + " messages, ops keys (gateway.ops-api-keys) read and cancel any message and use /admin and"
                + " /actuator.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        // The firewall's reason names the pattern, never the request's own text; one line, no stack trace.
        log.debug("Refused a request path: {}", e.getMessage());
        problems.write(request, response, HttpStatus.BAD_REQUEST, "Bad Request", "The request path is not in"
                + " canonical form: it must not contain //, ;, .., encoded / or . (%2F, %2E), %25 or a backslash.");
    }
}
