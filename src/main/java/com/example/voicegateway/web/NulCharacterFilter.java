package com.example.voicegateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@link NulRule} for everything the container hands over as text: query and form parameters (names and values)
 * and headers. Runs after {@link QueryStringFilter} (the query decodes) and {@link RequestBodyLimitFilter} (a form
 * body is parsed only within the limit), before Spring Security and every controller.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class NulCharacterFilter extends OncePerRequestFilter {

    private final ProblemResponses problems;

    NulCharacterFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String field = firstFieldWithNul(request);
        if (field != null) {
            problems.badParameter(request, response, field, NulRule.MESSAGE);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The parameter or header holding NUL, as it can be shown; null when none does. */
    static String firstFieldWithNul(HttpServletRequest request) {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (NulRule.holdsNul(parameter.getKey())) {
                return NulRule.shown(parameter.getKey());
            }
            for (String value : parameter.getValue()) {
                if (NulRule.holdsNul(value)) {
                    return parameter.getKey();
                }
            }
        }
        // Tomcat already refuses control characters in HTTP/1.1 header lines; this holds whatever the connector.
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements();) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements();) {
                if (NulRule.holdsNul(values.nextElement())) {
                    return name;
                }
            }
        }
        return null;
    }
}
