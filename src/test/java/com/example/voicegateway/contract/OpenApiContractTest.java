package com.example.voicegateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document is the contract clients generate from: the one the gateway serves is the one committed
 * ({@code docs/openapi.json}, from which {@code GeneratedClientTest}'s client is generated and against which every
 * answer in the suite is checked), and it says what a generator and a validating proxy need.
 */
class OpenApiContractTest extends IntegrationTest {

    private static final Path COMMITTED = Path.of("docs/openapi.json");

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        JsonNode served = get("/v3/api-docs", null).json();
        JsonNode committed = JSON.readTree(Files.readString(COMMITTED));

        if (!served.equals(committed)) {
            Path fresh = Path.of("target/openapi.json");
            Files.writeString(fresh, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served)
                    + "\n");
            throw new AssertionError("The served OpenAPI document differs from " + COMMITTED + ". If the change is"
                    + " meant, review it and commit it: cp " + fresh + " " + COMMITTED);
        }
    }

    @Test
    void everyOperationHasAStableIdSecurityAndItsProblems() {
        JsonNode document = get("/v3/api-docs", null).json();
        Set<String> ids = new HashSet<>();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String where = operation.getKey().toUpperCase() + " " + path.getKey();
                JsonNode op = operation.getValue();
                if (!op.has("operationId") || !ids.add(op.get("operationId").asString())) {
                    wrong.add(where + ": no operationId of its own");
                }
                if (!op.has("security") || op.get("security").isEmpty()) {
                    wrong.add(where + ": no security scheme");
                }
                JsonNode responses = op.get("responses");
                if (!responses.has("401") || !responses.has("503") && !path.getKey().endsWith("voice-call-action")) {
                    wrong.add(where + ": leaves out 401 or 503");
                }
                for (JsonNode parameter : op.path("parameters")) {
                    if (parameter.get("name").asString().equals("caller")) {
                        wrong.add(where + ": asks for the caller, which the key decides");
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void sendingDocumentsItsAcceptanceAndItsHeaders() {
        JsonNode send = get("/v3/api-docs", null).json().at("/paths/~1voice-messages/post");

        assertThat(send.get("responses").propertyNames()).contains("202", "400", "401", "403", "413", "415", "422",
                "429", "503").doesNotContain("200");
        assertThat(send.at("/responses/202/headers").propertyNames())
                .contains("Location", "Idempotent-Replayed", "RateLimit", "RateLimit-Policy");
        assertThat(send.at("/responses/429/headers").propertyNames()).contains("Retry-After");
        assertThat(send.get("security").toString()).isEqualTo("[{\"clientKey\":[]}]");
    }

    @Test
    void theRequestSchemaStatesTheLimitsTheGatewayEnforces() {
        JsonNode request = get("/v3/api-docs", null).json().at("/components/schemas/VoiceMessageRequest/properties");

        assertThat(request.at("/text/maxLength").asInt()).isEqualTo(3000);
        assertThat(request.at("/repetition/minimum").asInt()).isEqualTo(1);
        assertThat(request.at("/repetition/maximum").asInt()).isEqualTo(3);
        assertThat(request.at("/fallbackDestinations/maxItems").asInt()).isEqualTo(3);
        assertThat(request.at("/destination/pattern").asString()).isNotEmpty();
        assertThat(request.at("/deliveryWindow/anyOf").toString())
                .contains("#/components/schemas/DeliveryWindowRequest", "\"type\":\"null\"");
    }

    @Test
    void everyExampleOfAMessageIsAcceptedAsItStands() {
        JsonNode examples = get("/v3/api-docs", null).json()
                .at("/paths/~1voice-messages/post/requestBody/content/application~1json/examples");

        assertThat(examples.size()).isGreaterThanOrEqualTo(3);
        for (Map.Entry<String, JsonNode> example : examples.properties()) {
            JsonNode value = example.getValue().get("value");
            Answer answer = post("/voice-messages", ALPHA_KEY, value.isString() ? value.asString() : value.toString());
            assertThat(answer.status()).as(example.getKey() + ": " + answer.raw().body()).isEqualTo(202);
        }
    }
}
