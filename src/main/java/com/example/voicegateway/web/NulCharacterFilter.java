package com.example.voicegateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.ArrayList;
import java.util.List;
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
        // A multipart body's parts are read by the one endpoint that takes them (POST /broadcasts: its strict JSON
        // reader and CSV reader refuse NUL themselves). Asking Tomcat for the parameters would have it parse the
        // whole upload here, before Spring Security has checked the key: only the query is looked at.
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        if (RequestBodyLimitFilter.isMultipart(request)) {
            addQueryParameters(request.getQueryString(), parameters);
        } else {
            request.getParameterMap().forEach((name, values) -> {
                for (String value : values) {
                    parameters.add(Map.entry(name, value));
                }
                if (values.length == 0) {
                    parameters.add(Map.entry(name, ""));
                }
            });
        }
        for (Map.Entry<String, String> parameter : parameters) {
            if (NulRule.holdsNul(parameter.getKey())) {
                return NulRule.shown(parameter.getKey());
            }
            if (NulRule.holdsNul(parameter.getValue())) {
                return parameter.getKey();
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

    /** The query's parameters, decoded as Tomcat decodes them ({@link QueryStringFilter} refused a malformed one). */
    private static void addQueryParameters(String query, List<Map.Entry<String, String>> parameters) {
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = QueryStringFilter.decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : QueryStringFilter.decode(pair.substring(equals + 1));
            parameters.add(Map.entry(name == null ? "" : name, value == null ? "" : value));
        }
    }
}
