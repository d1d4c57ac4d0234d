package com.example.voicegateway.console;

import com.example.voicegateway.audit.AuditLog;
import com.example.voicegateway.audit.AuditOutcome;
import com.example.voicegateway.auth.FailedSignIns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's door: the sign-in throttle around the form login (the same {@link FailedSignIns} as the API's
 * keys), and the audit of sign-ins and sign-outs. Failed sign-ins are logged and counted, not audited: anyone can
 * make them, and each would be a row in a table that is never trimmed (docs/security.md, "Sign-in throttle").
 */
final class ConsoleSignIns {

    static final String LOGIN = "/console/login";
    static final String KEY_PARAMETER = "key";
    static final String SIGN_IN = "console.sign_in";
    static final String SIGN_OUT = "console.sign_out";

    private final FailedSignIns failedSignIns;
    private final AuditLog audit;

    ConsoleSignIns(FailedSignIns failedSignIns, AuditLog audit) {
        this.failedSignIns = failedSignIns;
        this.audit = audit;
    }

    /** Goes before the form login: during a lockout, a sign-in is answered 429 and its key is never checked. */
    OncePerRequestFilter throttle() {
        return new Throttle(failedSignIns);
    }

    AuthenticationSuccessHandler success() {
        SavedRequestAwareAuthenticationSuccessHandler toConsole = new SavedRequestAwareAuthenticationSuccessHandler();
        toConsole.setDefaultTargetUrl("/console");
        toConsole.setAlwaysUseDefaultTargetUrl(true);
        return (request, response, authentication) -> {
            audit.record(authentication.getName(), SIGN_IN, null, AuditOutcome.SUCCEEDED,
                    "signed in to the console from " + request.getRemoteAddr());
            toConsole.onAuthenticationSuccess(request, response, authentication);
        };
    }

    AuthenticationFailureHandler failure() {
        AuthenticationFailureHandler toLoginPage = new SimpleUrlAuthenticationFailureHandler(LOGIN + "?error");
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException e) -> {
            String key = request.getParameter(KEY_PARAMETER);
            if (key == null || key.isEmpty()
                    || !failedSignIns.refusedAfterFailure(request, response, key, FailedSignIns.Door.CONSOLE)) {
                toLoginPage.onAuthenticationFailure(request, response, e);
            }
        };
    }

    /** Sign-out only: a session that times out ends without a request to record it by. */
    LogoutHandler signOut() {
        return (request, response, authentication) -> {
            if (authentication != null) {
                audit.record(authentication.getName(), SIGN_OUT, null, AuditOutcome.SUCCEEDED,
                        "signed out of the console from " + request.getRemoteAddr());
            }
        };
    }

    private static final class Throttle extends OncePerRequestFilter {

        private final RequestMatcher signIn = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, LOGIN);
        private final FailedSignIns failedSignIns;

        Throttle(FailedSignIns failedSignIns) {
            this.failedSignIns = failedSignIns;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (signIn.matches(request)) {
                String key = request.getParameter(KEY_PARAMETER);
                if (key != null && !key.isEmpty()
                        && failedSignIns.refusedBeforeCheck(request, response, key, FailedSignIns.Door.CONSOLE)) {
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }
}
