package com.example.voicegateway.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The problem responses that this package's filters and {@link GlobalProblemHandler} can give any operation, added
 * to each one in the OpenAPI document: 400 where it takes parameters or a body, 413 and 415 for a POST (the body
 * limit and the multipart refusal come before any controller), 503 when the database cannot be reached. What only
 * some operations answer (404, 409, 422, a quota's 429) each controller says itself.
 */
@Component
class OpenApiProblems implements OpenApiCustomizer {

    /** Answers every key press at once, hangup included, whatever the database does: never a 503. */
    private static final String CALL_ACTION_WEBHOOK = "/webhooks/8x8/voice-call-action";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.readOperationsMap().entrySet()) {
                Operation operation = entry.getValue();
                ApiResponses responses = operation.getResponses();
                boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
                if (hasParameters || operation.getRequestBody() != null) {
                    add(responses, "400", "BadRequest");
                }
                if (entry.getKey() == PathItem.HttpMethod.POST) {
                    add(responses, "413", "ContentTooLarge");
                    add(responses, "415", "UnsupportedMediaType");
                }
                if (!CALL_ACTION_WEBHOOK.equals(path)) {
                    add(responses, "503", "ServiceUnavailable");
                }
            }
        });
    }

    private static void add(ApiResponses responses, String status, String shared) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().$ref(shared));
        }
    }
}
