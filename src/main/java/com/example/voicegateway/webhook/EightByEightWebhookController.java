package com.example.voicegateway.webhook;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.example.voicegateway.audit.AuditLog;
import com.example.voicegateway.audit.AuditOutcome;
import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.config.EightByEightBaseUrl;
import com.example.voicegateway.config.EightByEightHttp;
import com.example.voicegateway.config.EightByEightJson;
import com.example.voicegateway.config.EightByEightProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Registers this gateway as the subaccount's VSS and VCA webhooks at 8x8, and shows what 8x8 has registered, so ops need
 * no curl and never handle the webhook secret themselves. The secret goes to 8x8 only; 8x8 itself never echoes
 * it (it answers {@code httpAuthHeaderAvailable}), and anything resembling it is removed before we answer.
 */
@RestController
@RequestMapping("/admin/eightbyeight/webhook")
@Tag(name = "Admin")
// Both operations ask 8x8, so both can answer these.
@ApiResponse(responseCode = "200", description = "8x8's answer")
@ApiResponse(responseCode = "409", description = "Not configured: the public URL or the 8x8 settings it needs are missing",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
@ApiResponse(responseCode = "502", description = "8x8 refused or did not answer; its status and answer are in the problem",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
class EightByEightWebhookController {

    private static final Logger log = LoggerFactory.getLogger(EightByEightWebhookController.class);
    static final String AUDIT_ACTION = "webhook.register";

    /** A setting is missing (409) or a call to 8x8 failed (502): answered as a problem naming which. */
    static final class RegistrationException extends ErrorResponseException {

        RegistrationException(HttpStatus status, String detail, Map<String, Object> properties) {
            super(status, problem(status, detail, properties), null);
        }

        private static ProblemDetail problem(HttpStatus status, String detail, Map<String, Object> properties) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
            problem.setTitle(status == HttpStatus.BAD_GATEWAY ? "8x8 request failed" : "Not configured");
            properties.forEach(problem::setProperty);
            return problem;
        }
    }

    private final WebhookProperties webhook;
    private final EightByEightProperties eightByEight;
    private final EightByEightBaseUrl baseUrl;
    private final RestClient http;
    private final AuditLog audit;
    private final JsonMapper json;

    /** What we ask 8x8 to register. */
    record Registration(String type, String url, String httpAuthHeader, boolean enabled) {
    }

    /** Where 8x8's error answers put their words, in any case. */
    record ErrorWords(String statusMessage, String message, String error, String errorMessage) {

        String first() {
            for (String words : new String[] {statusMessage, message, error, errorMessage}) {
                if (words != null && !words.isBlank() && !words.trim().equalsIgnoreCase("null")) {
                    return words.trim();
                }
            }
            return null;
        }
    }

    EightByEightWebhookController(WebhookProperties webhook, EightByEightProperties eightByEight,
            EightByEightBaseUrl baseUrl, AuditLog audit,
            RestClient.Builder builder, @EightByEightJson JsonMapper json) {
        this.webhook = webhook;
        this.eightByEight = eightByEight;
        this.baseUrl = baseUrl;
        this.audit = audit;
        this.json = json;
        this.http = EightByEightHttp.build(builder, eightByEight);
    }

    @Operation(operationId = "registerEightByEightWebhooks", summary = "Register this gateway as the subaccount's VSS and VCA webhooks at 8x8",
            description = "Posts {type: VSS, url: gateway.webhook.public-url, httpAuthHeader: gateway.webhook.authorization,"
                    + " enabled: true}, then {type: VCA, url: gateway.webhook.call-action-public-url, httpAuthHeader:"
                    + " gateway.webhook.call-action-authorization, enabled: true} to 8x8 and returns 8x8's answers as"
                    + " {VSS: ..., VCA: ...}. Without the VCA webhook 8x8 refuses acknowledge callflows (-1004)."
                    + " Ops key only.")
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode register(Caller caller) {
        try {
            JsonNode answer = registerAt8x8();
            audit.record(caller.name(), AUDIT_ACTION, null, AuditOutcome.SUCCEEDED,
                    "registered " + webhook.publicUrl() + " (VSS) and "
                            + webhook.effectiveCallActionPublicUrl() + " (VCA) for subaccount "
                            + eightByEight.subaccountId());
            return answer;
        } catch (RuntimeException e) {
            // The problem's detail names the missing setting or 8x8's answer; the secret never appears in it.
            audit.record(caller.name(), AUDIT_ACTION, null, AuditOutcome.FAILED,
                    e instanceof RegistrationException ? e.getMessage() : e.getClass().getSimpleName());
            throw e;
        }
    }

    private JsonNode registerAt8x8() {
        URI publicUrl = httpUrl(webhook.publicUrl(), "gateway.webhook.public-url",
                "it is the URL 8x8 posts session summaries to, for example https://gateway.example.com"
                        + SessionSummaryController.PATH);
        URI callActionUrl = httpUrl(webhook.effectiveCallActionPublicUrl(),
                "gateway.webhook.call-action-public-url",
                "it is the URL 8x8 posts keypresses to; it defaults to the sibling of gateway.webhook.public-url only"
                        + " when that ends in " + SessionSummaryController.PATH);
        String authorization = webhook.authorization();
        if (authorization == null || authorization.isBlank()) {
            throw unconfigured("gateway.webhook.authorization is not set: 8x8 must send it with every summary.");
        }
        ObjectNode answers = json.createObjectNode();
        answers.set("VSS", registerOne("VSS", publicUrl, authorization));
        answers.set("VCA", registerOne("VCA", callActionUrl, webhook.effectiveCallActionAuthorization()));
        return answers;
    }

    private JsonNode registerOne(String type, URI url, String authorization) {
        JsonNode answer;
        try {
            answer = call("POST", json.writeValueAsString(new Registration(type, url.toString(), authorization, true)));
        } catch (RegistrationException e) {
            if (type.equals("VSS")) {
                throw e;
            }
            ProblemDetail body8x8 = e.getBody();
            Map<String, Object> extra = body8x8.getProperties() == null ? Map.of() : body8x8.getProperties();
            throw new RegistrationException(HttpStatus.valueOf(e.getStatusCode().value()),
                    "The VSS webhook is registered, the VCA webhook is not: " + body8x8.getDetail(), extra);
        }
        log.info("Registered {} as the {} webhook of 8x8 subaccount {}", url, type,
                eightByEight.subaccountId());
        return answer;
    }

    private static URI httpUrl(URI url, String setting, String why) {
        if (url == null) {
            throw unconfigured(setting + " is not set: " + why + ".");
        }
        if (!url.isAbsolute() || !("https".equalsIgnoreCase(url.getScheme())
                || "http".equalsIgnoreCase(url.getScheme()))) {
            throw unconfigured(setting + " must be an absolute http(s) URL.");
        }
        return url;
    }

    @Operation(operationId = "getEightByEightWebhooks", summary = "The webhooks 8x8 has registered for the subaccount", description = "Ops key only.")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode show() {
        return call("GET", null);
    }

    private JsonNode call(String method, String jsonBody) {
        String apiKey = eightByEight.apiKey();
        if (apiKey == null || apiKey.isBlank()) {
            throw unconfigured("gateway.eightbyeight.api-key is not set.");
        }
        URI url;
        try {
            URI base = baseUrl.get();
            String root = base.toString().replaceAll("/+$", "");
            url = URI.create(root + "/api/v1/subaccounts/" + eightByEight.subaccountId() + "/webhooks");
        } catch (IllegalStateException e) {
            throw unconfigured(e.getMessage() + ".");
        }
        try {
            RestClient.RequestBodySpec request = http.method(org.springframework.http.HttpMethod.valueOf(method))
                    .uri(url)
                    .header("Authorization", "Bearer " + apiKey)
                    .accept(MediaType.APPLICATION_JSON);
            if (jsonBody != null) {
                request.contentType(MediaType.APPLICATION_JSON).body(jsonBody);
            }
            return request.exchange((req, res) -> {
                int status = res.getStatusCode().value();
                String text = new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8);
                JsonNode answer = readLeniently(text);
                if (status < 200 || status > 299) {
                    String message = answer.isObject() ? json.treeToValue(answer, ErrorWords.class).first() : null;
                    log.warn("8x8 answered {} to {} webhooks: {}", status, method, message);
                    throw new RegistrationException(HttpStatus.BAD_GATEWAY,
                            "8x8 answered " + status + (message == null ? "" : ": " + message),
                            Map.of("eightByEightStatus", status,
                                    "eightByEightMessage", message == null ? "" : message));
                }
                return withoutSecrets(answer);
            });
        } catch (ResourceAccessException | UncheckedIOException e) {
            throw new RegistrationException(HttpStatus.BAD_GATEWAY, "8x8 did not answer: " + e.getMessage(), Map.of());
        }
    }

    /** 8x8's answer as it is (we show it, we do not interpret it); a body that is no JSON is shown as text. */
    private JsonNode readLeniently(String text) {
        if (text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(text);
        } catch (RuntimeException notJson) {
            return json.createObjectNode().put("body", text.length() > 500 ? text.substring(0, 500) : text);
        }
    }

    /** 8x8 is documented never to echo the header; should it ever, it must not reach an ops screen or a log. */
    private static JsonNode withoutSecrets(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (String name : java.util.List.copyOf(object.propertyNames())) {
                if (name.equalsIgnoreCase("httpAuthHeader") || name.equalsIgnoreCase("httpAuthorization")) {
                    object.remove(name);
                } else {
                    withoutSecrets(object.get(name));
                }
            }
        } else if (node.isArray()) {
            node.forEach(EightByEightWebhookController::withoutSecrets);
        }
        return node;
    }

    private static RegistrationException unconfigured(String detail) {
        return new RegistrationException(HttpStatus.CONFLICT, detail, Map.of());
    }

}
