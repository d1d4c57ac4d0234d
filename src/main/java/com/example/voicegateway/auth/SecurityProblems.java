package com.example.voicegateway.auth;

import com.example.voicegateway.config.SandboxProfile;
import com.example.voicegateway.web.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Spring Security's refusals as RFC 9457 problems: no or unknown key (401), wrong role (403), a path no endpoint has
 * (404, to a known key), odd path (400).
 */
@Component
class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    static final String CHALLENGE = "ApiKey header=\"" + ApiKeyAuthenticationFilter.HEADER + "\"";
    private static final Logger log = LoggerFactory.getLogger(SecurityProblems.class);

    private final ProblemResponses problems;
    /** The rule table's paths, any method: a path none of them names is one no endpoint has. */
    private final List<RequestMatcher> knownPaths;

    SecurityProblems(ProblemResponses problems, Environment environment) {
        this.problems = problems;
        this.knownPaths = SecurityConfiguration.rules(SandboxProfile.isActive(environment)).stream()
                .map(rule -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(rule.pattern()))
                .toList();
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

    /**
     * A known key was refused. On a path the table names, its role may not use it (403); on any other path no
     * endpoint answers at all, so the honest answer is 404 (a typo such as {@code /voice-message} must not read as
     * "this key may not"). Without a key the entry point answers 401 first, so a path's existence is told only to
     * holders of a key, who can read the API document anyway. The request never reaches a controller either way.
     */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (knownPaths.stream().noneMatch(path -> path.matches(request))) {
            problems.write(request, response, HttpStatus.NOT_FOUND, "Not Found", "No endpoint has this path."
                    + " The API's paths are listed in /v3/api-docs (Swagger UI: /swagger-ui.html).");
            return;
        }
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
