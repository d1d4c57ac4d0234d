package com.example.voicegateway.config;

import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * An empty {@code GATEWAY_*} environment variable is an unset setting. docker compose passes a variable the operator's
 * {@code .env} does not set as an empty one ({@code ${GATEWAY_MAX_VALIDITY:-}}): without this the gateway would read
 * "" as the value (no duration, no number) instead of using its default, and compose would have to repeat every
 * default. Only the process environment is filtered; an empty value given on purpose elsewhere (a command-line
 * {@code --gateway.x=}) still counts.
 */
class EmptyGatewayVariables implements EnvironmentPostProcessor, Ordered {

    static final String PREFIX = "GATEWAY_";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        MutablePropertySources sources = environment.getPropertySources();
        String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        PropertySource<?> source = sources.get(name);
        if (source == null || !(source.getSource() instanceof Map<?, ?> variables)) {
            return;
        }
        Map<String, Object> kept = variables.entrySet().stream()
                .filter(e -> !isEmptyGatewayVariable(String.valueOf(e.getKey()), e.getValue()))
                .collect(Collectors.toMap(e -> String.valueOf(e.getKey()), Map.Entry::getValue, (a, b) -> a));
        if (kept.size() != variables.size()) {
            sources.replace(name, new Filtered(name, kept, source));
        }
    }

    /** The environment without the empty variables, keeping Boot's origins ("from the environment") for messages. */
    private static final class Filtered extends SystemEnvironmentPropertySource implements OriginLookup<String> {

        private final PropertySource<?> original;

        Filtered(String name, Map<String, Object> variables, PropertySource<?> original) {
            super(name, variables);
            this.original = original;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Origin getOrigin(String key) {
            return original instanceof OriginLookup<?> lookup && containsProperty(key)
                    ? ((OriginLookup<String>) lookup).getOrigin(key) : null;
        }
    }

    static boolean isEmptyGatewayVariable(String key, Object value) {
        return key.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) && (value == null || value.toString().isBlank());
    }

    @Override
    public int getOrder() {
        // Before the sandbox fills in what is unset, and before anything reads a setting.
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
