package com.example.voicegateway.auth;

import com.example.voicegateway.config.SandboxProfile;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Each operation's security in the OpenAPI document, read from the table that enforces it
 * ({@link SecurityConfiguration#rules}), so the document cannot promise a key the gateway would refuse: the client
 * key, the ops key, either, or 8x8's static {@code Authorization} for the webhooks; and the 401, 403 and 429 that
 * the key check can answer.
 */
@Component
class OpenApiSecurity implements OpenApiCustomizer {

    static final String CLIENT_KEY = "clientKey";
    static final String OPS_KEY = "opsKey";
    static final String EIGHT_BY_EIGHT = "eightByEightAuthorization";
    private static final String WEBHOOKS = "/webhooks/8x8/**";

    static {
        // The caller is resolved from the key, never sent as a parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    private final List<SecurityConfiguration.Rule> rules;

    OpenApiSecurity(Environment environment) {
        this.rules = SecurityConfiguration.rules(SandboxProfile.isActive(environment));
    }

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.readOperationsMap().entrySet()) {
                SecurityConfiguration.Rule rule = ruleFor(HttpMethod.valueOf(entry.getKey().name()), path);
                if (rule != null) {
                    describe(entry.getValue(), rule);
                }
            }
        });
    }

    private SecurityConfiguration.Rule ruleFor(HttpMethod method, String path) {
        // A path variable in the document ({id}) stands for the one segment a rule's * matches.
        PathContainer concrete = PathContainer.parsePath(path.replaceAll("\\{[^}/]+}", "x"));
        for (SecurityConfiguration.Rule rule : rules) {
            if ((rule.method() == null || rule.method().equals(method))
                    && PathPatternParser.defaultInstance.parse(rule.pattern()).matches(concrete)) {
                return rule;
            }
        }
        return null;
    }

    private static void describe(Operation operation, SecurityConfiguration.Rule rule) {
        operation.setSecurity(null);
        ApiResponses responses = operation.getResponses();
        switch (rule.access()) {
            case PUBLIC -> {
                if (WEBHOOKS.equals(rule.pattern())) {
                    operation.addSecurityItem(new SecurityRequirement().addList(EIGHT_BY_EIGHT));
                    add(responses, "401", "Unauthorized");
                    add(responses, "403", "Forbidden");
                } else {
                    // No key at all: an empty requirement overrides none, so say nothing.
                    operation.setSecurity(List.of());
                }
            }
            case CLIENT -> keyed(operation, true, CLIENT_KEY);
            case OPS -> keyed(operation, true, OPS_KEY);
            case CLIENT_OR_OPS -> keyed(operation, false, CLIENT_KEY, OPS_KEY);
        }
    }

    /** Any one of the schemes; a 403 only where some known key is not enough. */
    private static void keyed(Operation operation, boolean someKeysRefused, String... schemes) {
        for (String scheme : schemes) {
            operation.addSecurityItem(new SecurityRequirement().addList(scheme));
        }
        ApiResponses responses = operation.getResponses();
        add(responses, "401", "Unauthorized");
        if (someKeysRefused) {
            add(responses, "403", "Forbidden");
        }
        add(responses, "429", "TooManyRequests");
    }

    /** One of the shared problem responses, unless the operation describes that status itself. */
    static void add(ApiResponses responses, String status, String shared) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().$ref(shared));
        }
    }
}
