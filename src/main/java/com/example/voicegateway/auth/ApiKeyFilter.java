package com.example.voicegateway.auth;

import com.example.voicegateway.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Requires a known {@code X-API-Key} on every endpoint except those with rules of their own: 8x8's webhook (its
 * {@code Authorization}), the sandbox's 8x8 emulator (8x8's Bearer key), actuator and the API docs.
 */
@Component
class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";
    static final String CALLER_ATTRIBUTE = Caller.class.getName();

    private final ApiKeyRegistry registry;
    private final ProblemResponses problems;

    ApiKeyFilter(ApiKeyRegistry registry, ProblemResponses problems) {
        this.registry = registry;
        this.problems = problems;
    }

    /** Paths with rules of their own (8x8's webhook and emulator, health, API docs); everything else needs a key. */
    private static final List<String> PUBLIC_PREFIXES = List.of("/webhooks/8x8/", "/sandbox/8x8/", "/actuator",
            "/v3/api-docs", "/swagger-ui", "/error");

    private final UrlPathHelper paths = new UrlPathHelper();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // Deny by default, judged on the decoded path without ;params, the one Spring MVC routes on: an encoded
        // or decorated spelling of a protected path must not slip past.
        String path = paths.getPathWithinApplication(request);
        return PUBLIC_PREFIXES.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = registry.find(request.getHeader(HEADER));
        if (caller.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + HEADER + "\"");
            String detail = request.getHeader(HEADER) == null
                    ? "Send your API key in the " + HEADER + " header."
                    : "The " + HEADER + " header does not hold a known API key.";
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
            return;
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }
}
