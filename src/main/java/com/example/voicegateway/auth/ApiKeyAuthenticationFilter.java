package com.example.voicegateway.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns a known {@code X-API-Key} into an authenticated {@link Caller}. On {@code /actuator/**} the key may also come
 * as {@code Authorization: Bearer <key>}, the one header every Prometheus can send ({@code authorization:
 * credentials_file}); nowhere else, so 8x8's webhook {@code Authorization} is never taken for a key. An absent or unknown key leaves the request
 * anonymous: whether that is enough is for the rules in {@link SecurityConfiguration}, which answer 401 where a key
 * is needed. Every presented key goes through {@link FailedSignIns}, the throttle of failed keys. Not a bean, so
 * Boot does not register it a second time as a plain servlet filter.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";
    static final String ROLE_CLIENT = "CLIENT";
    static final String ROLE_OPS = "OPS";
    private static final String BEARER = "Bearer ";
    private static final String ACTUATOR = "/actuator/";

    private final ApiKeyRegistry registry;
    private final FailedSignIns failedSignIns;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiKeyAuthenticationFilter(ApiKeyRegistry registry, FailedSignIns failedSignIns) {
        this.registry = registry;
        this.failedSignIns = failedSignIns;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = presentedKey(request);
        // No key is no guess: the webhook, the probes and the API docs are never throttled.
        if (key != null && !key.isEmpty()) {
            if (failedSignIns.refusedBeforeCheck(request, response, key, FailedSignIns.Door.API)) {
                return;
            }
            Optional<Caller> caller = registry.find(key);
            if (caller.isPresent()) {
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(new ApiKeyAuthentication(caller.get()));
                contexts.setContext(context);
            } else if (failedSignIns.refusedAfterFailure(request, response, key, FailedSignIns.Door.API)) {
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The key the request presents, or null: {@code X-API-Key}, else a Bearer token on actuator paths. */
    static String presentedKey(HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        if (key != null) {
            return key;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && request.getRequestURI().startsWith(ACTUATOR)) {
            return authorization.substring(BEARER.length()).strip();
        }
        return null;
    }

    /** Holds the caller, never the key: nothing downstream (logs, error pages) can reveal what was presented. */
    static final class ApiKeyAuthentication extends AbstractAuthenticationToken {

        private final Caller caller;

        ApiKeyAuthentication(Caller caller) {
            super(authorities(caller));
            this.caller = caller;
            setAuthenticated(true);
        }

        private static List<GrantedAuthority> authorities(Caller caller) {
            List<GrantedAuthority> authorities = new ArrayList<>();
            if (caller.client()) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + ROLE_CLIENT));
            }
            if (caller.ops()) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + ROLE_OPS));
            }
            return authorities;
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Caller getPrincipal() {
            return caller;
        }

        @Override
        public String getName() {
            return caller.name();
        }
    }
}
