package com.example.voicegateway.sandbox;

import io.swagger.v3.oas.annotations.Hidden;
import com.example.voicegateway.config.CallerIds;
import com.example.voicegateway.config.EightByEightJson;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.phone.PhoneNumbers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * 8x8's Send Callflow endpoint, emulated: same path below {@code /sandbox/8x8}, same authentication, validation,
 * status codes and envelopes, so the dispatcher cannot tell it from 8x8.
 */
// 8x8's API as the emulator plays it, not the gateway's: 8x8's own OpenAPI file documents it.
@Hidden
@RestController
@SandboxEnabled
class CallflowEmulatorController {

    /** The profiles seen in 8x8's documentation; the configured default profile is added to them. */
    private static final Logger log = LoggerFactory.getLogger(CallflowEmulatorController.class);

    private final EightByEightProperties eightByEight;
    private final CallflowRules rules;
    private final Set<String> profiles;
    private final CallSimulator simulator;
    private final CallflowJournal journal;
    private final Faults faults;
    private final EmulatorAuthentication authentication;
    private final WebhookRegistry webhooks;
    private final Clock clock;
    private final CallerIds callerIds;
    // The emulator speaks 8x8's JSON: the same mapper the gateway reads it with.
    private final JsonMapper json;

    CallflowEmulatorController(EightByEightProperties eightByEight, CallSimulator simulator, CallflowJournal journal,
            Faults faults, EmulatorAuthentication authentication, WebhookRegistry webhooks, Clock clock,
            @EightByEightJson JsonMapper json, CallerIds callerIds) {
        this.json = json;
        this.callerIds = callerIds;
        this.authentication = authentication;
        this.webhooks = webhooks;
        this.eightByEight = eightByEight;
        this.simulator = simulator;
        this.journal = journal;
        this.faults = faults;
        this.clock = clock;
        Set<String> profiles = new LinkedHashSet<>(CallflowRules.KNOWN_VOICE_PROFILES);
        profiles.add(eightByEight.defaultVoiceProfile());
        this.rules = new CallflowRules(profiles);
        this.profiles = Set.copyOf(profiles);
    }

    /** 8x8's list of voice profiles, in its shape: the ones the emulator accepts in a callflow. */
    @org.springframework.web.bind.annotation.GetMapping(
            path = SandboxEndpoint.EMULATOR_PATH + "/api/v1/subaccounts/{subAccountId}/speech-profiles",
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> speechProfiles(@PathVariable String subAccountId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (!authentication.accepts(authorization)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("statusCode", 401, "statusMessage", "API key not found or invalid"));
        }
        if (!subAccountId.equals(eightByEight.subaccountId())) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("statusCode", 404, "statusMessage", "Resource not found"));
        }
        List<Map<String, Object>> list = profiles.stream().sorted().map(code -> Map.<String, Object>of(
                "speechProfileCode", code, "localeCode", code.replaceFirst("^([a-z]{2}-[A-Z]{2}).*$", "$1"),
                "localeDescription", code.substring(0, Math.min(5, code.length())), "gender", "F")).toList();
        return ResponseEntity.ok(Map.of("speechProfiles", list, "statusCode", 0, "statusMessage", "Success"));
    }

    /**
     * 8x8's list of the subaccount's virtual numbers, in its shape: the emulated account has exactly the configured
     * caller ids (gateway.eightbyeight.default-source and sources), all active.
     */
    @org.springframework.web.bind.annotation.GetMapping(
            path = SandboxEndpoint.EMULATOR_PATH + "/api/v1/subaccounts/{subAccountId}/numbers",
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> numbers(@PathVariable String subAccountId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (!authentication.accepts(authorization)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("statusCode", 401, "statusMessage", "API key not found or invalid"));
        }
        if (!subAccountId.equals(eightByEight.subaccountId())) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("statusCode", 404, "statusMessage", "Resource not found"));
        }
        String since = "2026-01-01T00:00:00Z";
        List<Map<String, Object>> list = callerIds.all().stream().map(number -> Map.<String, Object>of(
                "msisdn", number,
                "countryCode", String.valueOf(PhoneNumbers.country(number).region()),
                "operationalStatus", "Active",
                "dateCreated", since,
                "dateUpdated", since,
                "numberType", "VIRTUAL",
                "uri", "/api/v1/subaccounts/" + subAccountId + "/numbers/" + number.substring(1))).toList();
        return ResponseEntity.ok(Map.of("totalNumbers", list.size(), "lastUpdatedAt", since, "numbers", list,
                "statusCode", 0, "statusMessage", "Success"));
    }

    @PostMapping(path = SandboxEndpoint.EMULATOR_PATH + "/api/v1/subaccounts/{subAccountId}/callflows",
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> sendCallflow(@PathVariable String subAccountId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) byte[] body) {
        String callFlowRequestId = UUID.randomUUID().toString();
        if (!authentication.accepts(authorization)) {
            return notCreated(HttpStatus.UNAUTHORIZED.value(), callFlowRequestId, 401,
                    "Authentication header not found or token invalid");
        }
        if (!subAccountId.equals(eightByEight.subaccountId())) {
            return notCreated(404, callFlowRequestId, 404, "SubAccount not found by Id : " + subAccountId);
        }
        Faults.Decision fault = faults.next();
        pause(fault.latencyMs());
        if (fault.failStatus() > 0) {
            log.warn("Sandbox fault: answering {} without placing a call", fault.failStatus());
            HttpStatus status = HttpStatus.resolve(fault.failStatus());
            return notCreated(fault.failStatus(), callFlowRequestId, fault.failStatus(),
                    fault.failStatus() == 500 || status == null ? "Internal server error" : status.getReasonPhrase());
        }
        Instant now = clock.instant();
        CallflowRules.Accepted call;
        try {
            call = rules.check(parse(body), now);
        } catch (CallflowRules.Refused refused) {
            CallflowRules.Rejection rejection = refused.rejection;
            log.info("Sandbox refused a callflow: {} {}", rejection.statusCode(), rejection.statusMessage());
            return ResponseEntity.status(rejection.httpStatus()).contentType(MediaType.APPLICATION_JSON)
                    .body(rejection.answer(callFlowRequestId));
        }
        if (call.capture() != null && webhooks.active("VCA").isEmpty()) {
            // 8x8 reports captured keys only to the subaccount's VCA webhook; without one it refuses the callflow.
            log.info("Sandbox refused a sayAndCapture callflow: no VCA webhook registered (-1004)");
            return notCreated(422, callFlowRequestId, -1004, "DTMF callback url not provided");
        }
        if (simulator.overloaded()) {
            // Keeps the scheduler's queue bounded under a flood, the way 8x8 would fail when swamped.
            log.warn("Sandbox overloaded ({} calls and summaries pending): answering 500", CallSimulator.MAX_PENDING);
            return notCreated(500, callFlowRequestId, 500, "Internal server error");
        }
        if (fault.loseRequest()) {
            // Lost between the edge and the call platform: no call, no journal entry, no summary, no log row.
            Duration hold = eightByEight.readTimeout().plusSeconds(1);
            log.warn("Sandbox fault: request for clientRequestId {} lost before the call was placed",
                    call.clientRequestId());
            pause(hold.toMillis());
            return notCreated(504, callFlowRequestId, 504, "Gateway Timeout");
        }
        String sessionId = UUID.randomUUID().toString();
        Outcome outcome = simulator.place(call, sessionId, now, fault.dropSummary());
        journal.add(new CallflowJournal.Entry(now, call.clientRequestId(), callFlowRequestId, sessionId,
                PhoneNumbers.mask(call.destination()), outcome.name()));

        Map<String, Object> answer = CallflowRules.created(sessionId, callFlowRequestId, call, now);
        if (fault.loseAnswer()) {
            // The call is placed and its summary will come, but the answer arrives after the client gave up.
            Duration hold = eightByEight.readTimeout().plusSeconds(1);
            log.warn("Sandbox fault: holding the answer for call {} for {} ms (lost answer)", sessionId,
                    hold.toMillis());
            pause(hold.toMillis());
        }
        return ResponseEntity.ok(answer);
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** 8x8's Bearer check, shared by every emulated 8x8 endpoint. */
    static boolean authorized(String authorization, String apiKey) {
        if (authorization == null || apiKey == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorization.substring(7).trim().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.security.MessageDigest.isEqual(presented, apiKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static ResponseEntity<Map<String, Object>> notCreated(int httpStatus, String callFlowRequestId,
            int statusCode, String statusMessage) {
        return ResponseEntity.status(httpStatus).contentType(MediaType.APPLICATION_JSON)
                .body(CallflowRules.notCreated(callFlowRequestId, statusCode, statusMessage));
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
