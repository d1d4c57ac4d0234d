package com.example.voicegateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.auth.SecurityConfiguration.Rule;
import com.example.voicegateway.config.SandboxProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every endpoint the application serves (controllers, actuator endpoints, springdoc, static resource handlers) must
 * be decided by an explicit row of {@link SecurityConfiguration#rules}, not by the deny-all default: a new endpoint
 * without a rule fails here instead of being silently unreachable or, worse, reachable by the wrong key. Run with the
 * {@code sandbox} profile ({@link SecurityRulesCoverageTest}) and without it
 * ({@link SecurityRulesCoverageWithoutSandboxTest}), each in the shared context of its profile.
 */
interface SecurityRulesCoverage {

    /** One method and a concrete path an endpoint answers. */
    record Endpoint(String method, String pattern, String path, boolean takesCaller) {
        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    /** The application under test. */
    ApplicationContext context();

    default FilterChainProxy filterChainProxy() {
        return context().getBean(FilterChainProxy.class);
    }

    default Environment environment() {
        return context().getEnvironment();
    }

    @Test
    default void everyHandlerMappingIsCoveredByAnExplicitRule() {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).extracting(Endpoint::pattern)
                .as("the listing reaches controllers, actuator, springdoc and resource handlers")
                .contains("/voice-messages/{id}/cancel", "/admin/audit", "/actuator/prometheus",
                        "/actuator/health/**", "/v3/api-docs", "/swagger-ui/**", "/webhooks/8x8/voice-session-summary");

        assertThat(uncovered(endpoints)).isEmpty();
    }

    @Test
    default void theSandboxsEndpointsAndRulesExistOnlyWithItsProfile() {
        boolean sandbox = SandboxProfile.isActive(environment());
        List<String> sandboxPaths = endpoints().stream().map(Endpoint::pattern)
                .filter(pattern -> pattern.startsWith("/sandbox") || pattern.startsWith("/admin/sandbox")).toList();
        List<String> sandboxRules = rules().stream().map(Rule::pattern)
                .filter(pattern -> pattern.startsWith("/sandbox")).toList();

        if (sandbox) {
            assertThat(sandboxPaths).contains("/admin/sandbox/faults", "/sandbox/8x8/api/v1/subaccounts/{subAccountId}/callflows");
            assertThat(sandboxRules).containsExactly("/sandbox/8x8/**");
        } else {
            assertThat(sandboxPaths).isEmpty();
            assertThat(sandboxRules).isEmpty();
        }
    }

    private List<Rule> rules() {
        return SecurityConfiguration.rules(SandboxProfile.isActive(environment()));
    }

    @Test
    default void anEndpointWithoutARuleIsFound() {
        List<Endpoint> invented = List.of(new Endpoint("POST", "/voice-messages/{id}/retry",
                "/voice-messages/00000000-0000-4000-8000-000000000001/retry", true),
                new Endpoint("GET", "/reports", "/reports", false));

        assertThat(uncovered(invented)).containsExactlyElementsOf(invented.stream().map(Endpoint::toString).toList());
    }

    @Test
    default void everyEndpointThatTakesACallerNeedsAKey() {
        List<Rule> rules = rules();
        List<Endpoint> withCaller = endpoints().stream().filter(Endpoint::takesCaller).toList();
        assertThat(withCaller).isNotEmpty();
        for (Endpoint endpoint : withCaller) {
            MockHttpServletRequest request = new MockHttpServletRequest(endpoint.method(), endpoint.path());
            Rule rule = rules.stream().filter(r -> r.matcher().matches(request)).findFirst().orElseThrow();
            assertThat(rule.access()).as(endpoint.toString()).isNotEqualTo(SecurityConfiguration.Access.PUBLIC);
        }
    }

    private List<String> uncovered(List<Endpoint> endpoints) {
        SecurityFilterChain api = context().getBean("apiFilterChain", SecurityFilterChain.class);
        SecurityFilterChain consoleFallback = context().getBean("consoleFallbackFilterChain", SecurityFilterChain.class);
        List<Rule> rules = rules();
        List<String> uncovered = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            MockHttpServletRequest request = new MockHttpServletRequest(endpoint.method(), endpoint.path());
            Optional<SecurityFilterChain> chain = filterChainProxy().getFilterChains().stream()
                    .filter(candidate -> candidate.matches(request)).findFirst();
            if (chain.isEmpty() || chain.get() == consoleFallback) {
                uncovered.add(endpoint.toString()); // a console endpoint without the console's own chain
            } else if (chain.get() == api) {
                boolean ruled = rules.stream().anyMatch(rule -> rule.matcher().matches(request));
                if (!ruled) {
                    uncovered.add(endpoint.toString());
                }
            }
            // Any other chain is a feature's own (the console's), with rules of its own.
        }
        return uncovered;
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        context().getBeansOfType(RequestMappingInfoHandlerMapping.class).values().forEach(mapping -> {
            mapping.getHandlerMethods().forEach((info, handler) -> {
                boolean takesCaller = Arrays.stream(handler.getMethodParameters())
                        .anyMatch(parameter -> parameter.getParameterType() == Caller.class);
                List<String> methods = info.getMethodsCondition().getMethods().stream().map(RequestMethod::name)
                        .toList();
                for (String pattern : info.getPatternValues()) {
                    for (String method : methods.isEmpty() ? List.of("GET", "POST", "DELETE") : methods) {
                        endpoints.add(new Endpoint(method, pattern, concrete(pattern), takesCaller));
                    }
                }
            });
        });
        context().getBeansOfType(AbstractUrlHandlerMapping.class).values().forEach(mapping -> {
            for (String pattern : new TreeSet<>(mapping.getHandlerMap().keySet())) {
                endpoints.add(new Endpoint("GET", pattern, concrete(pattern), false));
            }
        });
        return endpoints;
    }

    /** A path the pattern matches: each variable a UUID (it fits every path variable here), each wildcard a name. */
    private static String concrete(String pattern) {
        return pattern.replaceAll("\\{\\*[^}]+}", "x/y")
                .replaceAll("\\{[^}]+}", "00000000-0000-4000-8000-000000000001")
                .replace("**", "x/y")
                .replace("*", "x");
    }
}
