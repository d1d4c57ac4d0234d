package com.example.voicegateway.auth;

import com.example.voicegateway.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires a known {@code X-API-Key} on the client and ops endpoints. Webhooks, the sandbox's 8x8 emulator and
 * actuator have their own rules and are not covered here.
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

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/voice-messages") || path.startsWith("/voice-messages/") || path.startsWith("/admin/"));
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
