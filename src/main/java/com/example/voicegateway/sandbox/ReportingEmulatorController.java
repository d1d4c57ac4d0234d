package com.example.voicegateway.sandbox;

import io.swagger.v3.oas.annotations.Hidden;
import com.example.voicegateway.config.EightByEightProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * 8x8's Reporting API (log export), emulated below {@code /sandbox/8x8} from the emulator's own call log: start a job,
 * poll it, download its CSV with the documented header.
 */
// 8x8's API as the emulator plays it, not the gateway's: 8x8's own OpenAPI file documents it.
@Hidden
@RestController
@SandboxEnabled
class ReportingEmulatorController {

    static final String EXPORTS = SandboxEndpoint.EMULATOR_PATH + "/api/v1/subaccounts/{subAccountId}/messages/exports";
    static final String DOWNLOAD = SandboxEndpoint.EMULATOR_PATH
            + "/api/v1/subaccounts/{subAccountId}/messages/download/{token}";

    private final EightByEightProperties properties;
    private final EmulatedExports exports;
    private final SandboxEndpoint endpoint;
    private final Clock clock;

    ReportingEmulatorController(EightByEightProperties properties, EmulatedExports exports, SandboxEndpoint endpoint,
            Clock clock) {
        this.properties = properties;
        this.exports = exports;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    @PostMapping(path = EXPORTS, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> start(@PathVariable String subAccountId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) Map<String, Object> body) {
        ResponseEntity<Map<String, Object>> refused = refused(subAccountId, authorization);
        if (refused != null) {
            return refused;
        }
        Instant now = clock.instant();
        Instant from = time(body == null ? null : body.get("from"), now.minus(Duration.ofDays(7)));
        Instant to = time(body == null ? null : body.get("to"), now);
        if (from == null || to == null || !from.isBefore(to)) {
            return error(HttpStatus.BAD_REQUEST, 1001, "Invalid from or to");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("jobId", exports.start(from, to).id));
    }

    @GetMapping(path = EXPORTS + "/{jobId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> job(@PathVariable String subAccountId, @PathVariable String jobId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        ResponseEntity<Map<String, Object>> refused = refused(subAccountId, authorization);
        if (refused != null) {
            return refused;
        }
        EmulatedExports.Job job = exports.poll(jobId, subAccountId);
        if (job == null) {
            return error(HttpStatus.NOT_FOUND, 4018, "Invalid jobId");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", job.status);
        if (job.status.equals("succeeded")) {
            answer.put("data", List.of(endpoint.emulatorUrl() + "/api/v1/subaccounts/" + subAccountId
                    + "/messages/download/" + job.token));
            answer.put("expires", clock.instant().plus(Duration.ofDays(30)).toString());
        }
        return ResponseEntity.ok(answer);
    }

    @DeleteMapping(path = EXPORTS + "/{jobId}")
    ResponseEntity<Map<String, Object>> cancel(@PathVariable String subAccountId, @PathVariable String jobId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        ResponseEntity<Map<String, Object>> refused = refused(subAccountId, authorization);
        if (refused != null) {
            return refused;
        }
        return exports.cancel(jobId) == null ? error(HttpStatus.NOT_FOUND, 4018, "Invalid jobId")
                : ResponseEntity.noContent().build();
    }

    @GetMapping(path = DOWNLOAD)
    ResponseEntity<String> download(@PathVariable String subAccountId, @PathVariable String token,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (!CallflowEmulatorController.authorized(authorization, properties.apiKey())) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        String csv = exports.file(token);
        return csv == null ? ResponseEntity.notFound().build()
                : ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8")).body(csv);
    }

    private ResponseEntity<Map<String, Object>> refused(String subAccountId, String authorization) {
        if (!CallflowEmulatorController.authorized(authorization, properties.apiKey())) {
            return error(HttpStatus.UNAUTHORIZED, 1002, "Authentication header not found or token invalid");
        }
        if (!subAccountId.equals(properties.subaccountId())) {
            return error(HttpStatus.NOT_FOUND, 1003, "SubAccount not found by Id : " + subAccountId);
        }
        return null;
    }

    /** 8x8's three documented forms: a UTC date, a UTC date-time, a date-time with its offset. */
    static Instant time(Object value, Instant absent) {
        if (value == null) {
            return absent;
        }
        String text = value.toString().trim();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("errorId", java.util.UUID.randomUUID().toString());
        body.put("timestamp", Instant.now().toString());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
