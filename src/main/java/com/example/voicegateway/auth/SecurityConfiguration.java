package com.example.voicegateway.auth;

import com.example.voicegateway.config.SandboxProfile;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every access rule of the HTTP API, in one table: who may call which path. The first rule that matches decides;
 * a request no rule allows is refused: 401 without a key; with one, 403 on a path the table names for another role or
 * method and 404 on a path it does not name at all ({@link SecurityProblems}). A new endpoint therefore needs a row
 * here, and {@code SecurityRulesCoverageTest} fails until it has one. See docs/security.md.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Left to a chain of its own (issue 16's console: form login, session, CSRF); see docs/security.md. */
    static final String CONSOLE_PATHS = "/console/**";

    enum Access {
        /** No key: 8x8's webhook (its own Authorization check), the probes, the API docs, the sandbox's "8x8". */
        PUBLIC,
        CLIENT,
        CLIENT_OR_OPS,
        OPS
    }

    /** One row of the table; a null method matches every method. */
    record Rule(HttpMethod method, String pattern, Access access) {

        RequestMatcher matcher() {
            return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
        }
    }

    /** The health probes anyone may ask: the status only, details need an ops key. */
    static final List<String> PROBES =
            List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness");

    /** The table; the sandbox's "8x8" paths have a row only with the {@code sandbox} profile. */
    static List<Rule> rules(boolean sandboxEnabled) {
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule(null, "/webhooks/8x8/**", Access.PUBLIC));
        for (String probe : PROBES) {
            rules.add(new Rule(HttpMethod.GET, probe, Access.PUBLIC));
            // Load balancers often probe with HEAD; Spring MVC answers it from the GET mapping, without the body.
            rules.add(new Rule(HttpMethod.HEAD, probe, Access.PUBLIC));
        }
        rules.addAll(List.of(
                new Rule(HttpMethod.GET, "/v3/api-docs", Access.PUBLIC),
                new Rule(HttpMethod.GET, "/v3/api-docs/**", Access.PUBLIC),
                new Rule(HttpMethod.GET, "/v3/api-docs.yaml", Access.PUBLIC),
                new Rule(HttpMethod.GET, "/swagger-ui.html", Access.PUBLIC),
                new Rule(HttpMethod.GET, "/swagger-ui/**", Access.PUBLIC),
                // The console's icon, asked for by every browser whatever a page declares: nothing to protect.
                new Rule(HttpMethod.GET, "/favicon.ico", Access.PUBLIC)));
        if (sandboxEnabled) {
            // The emulated 8x8 checks 8x8's own Bearer key; without the profile these paths fall to the deny-all default.
            rules.add(new Rule(null, "/sandbox/8x8/**", Access.PUBLIC));
        }
        rules.addAll(List.of(
                new Rule(HttpMethod.POST, "/voice-messages", Access.CLIENT),
                new Rule(HttpMethod.GET, "/voice-messages", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.GET, "/voice-messages/*", Access.CLIENT_OR_OPS),
                // Ops may cancel any client's message (a runaway send); such a cancel is audited.
                new Rule(HttpMethod.POST, "/voice-messages/*/cancel", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.POST, "/broadcasts", Access.CLIENT),
                new Rule(HttpMethod.GET, "/broadcasts", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.GET, "/broadcasts/*", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.GET, "/broadcasts/*/messages", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.GET, "/broadcasts/*/results.csv", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.POST, "/broadcasts/*/cancel", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.POST, "/templates", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.GET, "/templates", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.GET, "/templates/*", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.PUT, "/templates/*", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.DELETE, "/templates/*", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.POST, "/templates/*/preview", Access.CLIENT_OR_OPS),
                // Do-not-call lists: a client keeps its own, an ops key the global one (and reads any client's).
                new Rule(HttpMethod.POST, "/suppressions", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.GET, "/suppressions", Access.CLIENT_OR_OPS),
                new Rule(HttpMethod.DELETE, "/suppressions/*", Access.CLIENT_OR_OPS),
                // Callback deliveries of every client, and sending a failed one again (audited).
                new Rule(HttpMethod.GET, "/admin/callbacks", Access.OPS),
                new Rule(HttpMethod.POST, "/admin/callbacks/*/redeliver", Access.OPS),
                // Reconciliation against 8x8's log export (the POST is audited) and usage for finance.
                new Rule(HttpMethod.GET, "/admin/reconciliations", Access.OPS),
                new Rule(HttpMethod.POST, "/admin/reconciliations", Access.OPS),
                new Rule(HttpMethod.GET, "/admin/reconciliations/*", Access.OPS),
                new Rule(HttpMethod.GET, "/admin/usage", Access.OPS),
                new Rule(null, "/admin/**", Access.OPS),
                // Health details, info, metrics, prometheus and the endpoint list.
                new Rule(null, "/actuator", Access.OPS),
                new Rule(null, "/actuator/**", Access.OPS),
                // The error page: it renders errors of requests already let through, and asked for directly it
                // is a 404 problem (web.ProblemErrorController) that shows nothing.
                new Rule(null, "/error", Access.PUBLIC)));
        return List.copyOf(rules);
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 1)
    SecurityFilterChain apiFilterChain(HttpSecurity http, ApiKeyRegistry registry, SecurityProblems problems,
            Environment environment, FailedSignIns failedSignIns) throws Exception {
        List<Rule> rules = rules(SandboxProfile.isActive(environment));
        http.securityMatcher(new NegatedRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(CONSOLE_PATHS)));
        stateless(http, problems);
        http.addFilterBefore(new ApiKeyAuthenticationFilter(registry, failedSignIns), AnonymousAuthenticationFilter.class);
        http.authorizeHttpRequests(authorize -> {
            // Rendering the error of a request that was already let through; a direct GET /error is a REQUEST.
            authorize.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
            for (Rule rule : rules) {
                grant(authorize.requestMatchers(rule.matcher()), rule.access());
            }
            authorize.anyRequest().denyAll();
        });
        return http.build();
    }

    /**
     * Until a console brings its own chain for {@link #CONSOLE_PATHS} (ordered before this one), nothing there is
     * reachable: a path left out of the API chain must not end up with no security at all.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityFilterChain consoleFallbackFilterChain(HttpSecurity http, SecurityProblems problems) throws Exception {
        http.securityMatcher(CONSOLE_PATHS);
        stateless(http, problems);
        http.authorizeHttpRequests(authorize -> authorize.anyRequest().denyAll());
        return http.build();
    }

    private static void stateless(HttpSecurity http, SecurityProblems problems) throws Exception {
        // A key in a header on every request: no session, no cookie, hence nothing for CSRF to protect.
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
    }

    private static void grant(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizedUrl url, Access access) {
        switch (access) {
            case PUBLIC -> url.permitAll();
            case CLIENT -> url.hasRole(ApiKeyAuthenticationFilter.ROLE_CLIENT);
            case CLIENT_OR_OPS -> url.hasAnyRole(ApiKeyAuthenticationFilter.ROLE_CLIENT, ApiKeyAuthenticationFilter.ROLE_OPS);
            case OPS -> url.hasRole(ApiKeyAuthenticationFilter.ROLE_OPS);
        }
    }
}
