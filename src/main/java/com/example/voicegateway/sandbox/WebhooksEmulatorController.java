package com.example.voicegateway.sandbox;

import io.swagger.v3.oas.annotations.Hidden;
import com.example.voicegateway.config.EightByEightJson;
import com.example.voicegateway.config.EightByEightProperties;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * 8x8's Webhooks API, emulated (voice-api-notes §5, webhook-setup-guide-for-ivr): one webhook per type, the
 * secret never echoed (only {@code httpAuthHeaderAvailable}), a 422 with a string {@code statusCode} for a bad body.
 */
// 8x8's API as the emulator plays it, not the gateway's: 8x8's own OpenAPI file documents it.
@Hidden
@RestController
@SandboxEnabled
@RequestMapping(path = SandboxEndpoint.EMULATOR_PATH + "/api/v1/subaccounts/{subAccountId}/webhooks",
        produces = MediaType.APPLICATION_JSON_VALUE)
class WebhooksEmulatorController {

    private final EightByEightProperties eightByEight;
    private final WebhookRegistry registry;
    private final EmulatorAuthentication authentication;
    private final Clock clock;
    // The emulator speaks 8x8's JSON: the same mapper the gateway reads it with.
    private final JsonMapper json;

    WebhooksEmulatorController(EightByEightProperties eightByEight, WebhookRegistry registry,
            EmulatorAuthentication authentication, Clock clock, @EightByEightJson JsonMapper json) {
        this.eightByEight = eightByEight;
        this.json = json;
        this.registry = registry;
        this.authentication = authentication;
        this.clock = clock;
    }

    @GetMapping
    ResponseEntity<Map<String, Object>> list(@PathVariable String subAccountId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        ResponseEntity<Map<String, Object>> refused = refused(subAccountId, authorization);
        return refused != null ? refused : ResponseEntity.ok(listing(subAccountId, registry.all(), "ok"));
    }

    @PostMapping(consumes = MediaType.ALL_VALUE)
    ResponseEntity<Map<String, Object>> create(@PathVariable String subAccountId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) byte[] body) {
        ResponseEntity<Map<String, Object>> refused = refused(subAccountId, authorization);
        if (refused != null) {
            return refused;
        }
        WebhookRegistry.Webhook webhook = parse(body);
        if (webhook == null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("errorId", UUID.randomUUID().toString());
            error.put("statusCode", "1001");
            error.put("statusMessage", "Invalid JSON request body");
            error.put("timestamp", clock.instant().toString());
            return ResponseEntity.unprocessableContent().body(error);
        }
        registry.register(webhook);
        return ResponseEntity.ok(listing(subAccountId, List.of(webhook), "ok"));
    }

    @DeleteMapping("/{type}")
    ResponseEntity<Map<String, Object>> delete(@PathVariable String subAccountId, @PathVariable String type,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        ResponseEntity<Map<String, Object>> refused = refused(subAccountId, authorization);
        if (refused != null) {
            return refused;
        }
        return registry.remove(type.toUpperCase(Locale.ROOT))
                .map(removed -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("subAccountId", subAccountId);
                    answer.putAll(shown(removed));
                    answer.put("statusCode", 0);
                    answer.put("statusMessage", "deleted");
                    return ResponseEntity.ok(answer);
                })
                .orElseGet(() -> ResponseEntity.status(404).body(status(404, "Resource not found")));
    }

    private ResponseEntity<Map<String, Object>> refused(String subAccountId, String authorization) {
        if (!authentication.accepts(authorization)) {
            return ResponseEntity.status(401).body(status(401, "API key not found or invalid"));
        }
        if (!subAccountId.equals(eightByEight.subaccountId())) {
            return ResponseEntity.status(404).body(status(404, "Resource not found"));
        }
        return null;
    }

    private WebhookRegistry.Webhook parse(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (RuntimeException notJson) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode type = root.get("type");
        JsonNode url = root.get("url");
        JsonNode header = root.get("httpAuthHeader");
        // 8x8's OpenAPI names it "enabled"; its guides send "active".
        JsonNode enabled = root.has("enabled") ? root.get("enabled") : root.get("active");
        if (type == null || !type.isString() || !WebhookRegistry.TYPES.contains(type.stringValue())
                || url == null || !url.isString()
                || !(url.stringValue().startsWith("http://") || url.stringValue().startsWith("https://"))
                || header != null && !header.isNull() && !header.isString()
                || enabled != null && !enabled.isBoolean()) {
            return null;
        }
        return new WebhookRegistry.Webhook(type.stringValue(), url.stringValue(),
                header == null || header.isNull() ? null : header.stringValue(),
                enabled == null || enabled.booleanValue());
    }

    private static Map<String, Object> listing(String subAccountId, List<WebhookRegistry.Webhook> webhooks,
            String message) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("subAccountId", subAccountId);
        answer.put("count", webhooks.size());
        answer.put("webhooks", webhooks.stream().map(WebhooksEmulatorController::shown).toList());
        answer.put("statusCode", 0);
        answer.put("statusMessage", message);
        return answer;
    }

    private static Map<String, Object> shown(WebhookRegistry.Webhook webhook) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("type", webhook.type());
        shown.put("url", webhook.url());
        shown.put("enabled", webhook.enabled());
        shown.put("httpAuthHeaderAvailable", webhook.httpAuthHeader() != null && !webhook.httpAuthHeader().isEmpty());
        return shown;
    }

    private static Map<String, Object> status(int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", code);
        body.put("statusMessage", message);
        return body;
    }
}
