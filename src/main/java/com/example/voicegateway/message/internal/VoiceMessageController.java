package com.example.voicegateway.message.internal;

import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.phone.PhoneNumbers;
import com.example.voicegateway.schedule.Priority;
import com.example.voicegateway.schedule.WaitingFor;
import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import com.example.voicegateway.web.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/voice-messages")
@Tag(name = "Voice messages")
@SecurityRequirement(name = "apiKey")
class VoiceMessageController {

    static final int MAX_CLIENT_REFERENCE_LENGTH = 100;
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final VoiceMessageService service;

    VoiceMessageController(VoiceMessageService service) {
        this.service = service;
    }

    @Operation(summary = "Queue a voice message",
            description = "Validates and stores the message, then answers 202 at once; dispatch to 8x8 follows.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<VoiceMessageView> send(Caller caller, @RequestBody VoiceMessageRequest request,
            @Parameter(description = "Same key and same request returns the same message; at most 255 characters")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        VoiceMessageService.Accepted accepted = service.accept(request, caller, idempotencyKey);
        return ResponseEntity.accepted()
                .location(URI.create("/voice-messages/" + accepted.view().id()))
                .header("Idempotent-Replayed", String.valueOf(accepted.replayed()))
                .headers(headers -> accepted.quotaHeaders().forEach(headers::set))
                .body(accepted.view());
    }

    @Operation(summary = "A message with its calls, attempts and session summaries")
    @GetMapping("/{id}")
    VoiceMessageView get(Caller caller, @PathVariable UUID id) {
        return service.find(id, caller);
    }

    @Operation(summary = "Search messages, newest first",
            description = "Clients see their own messages, ops keys see all. Items leave out attempts and summary.")
    @GetMapping
    VoiceMessagePage list(Caller caller,
            @RequestParam(required = false) MessageStatus status,
            @RequestParam(required = false) String clientReference,
            @RequestParam(required = false) String destination,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant createdFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant createdTo,
            @Parameter(description = "true: only messages that needed more than one call; false: only those with one")
            @RequestParam(required = false) Boolean multipleCalls,
            @RequestParam(required = false) Priority priority,
            @Parameter(description = "Queued messages still waiting for this reason. RATE_LIMIT includes due messages"
                    + " while 8x8's shared call rate or max-concurrent-calls holds the dispatchers back")
            @RequestParam(required = false) WaitingFor waitingFor,
            @Valid PageQuery page) {
        List<FieldViolation> errors = new ArrayList<>();
        String normalisedDestination = null;
        if (destination != null) {
            normalisedDestination = PhoneNumbers.toE164(destination).orElse(null);
            if (normalisedDestination == null) {
                errors.add(new FieldViolation("destination", "must be a possible phone number in E.164"));
            }
        }
        // A NUL never gets here: web.NulCharacterFilter refuses it in any parameter.
        if (clientReference != null && clientReference.length() > MAX_CLIENT_REFERENCE_LENGTH) {
            errors.add(new FieldViolation("clientReference", "must be at most 100 characters"));
        }
        checkInRange("createdFrom", createdFrom, errors);
        checkInRange("createdTo", createdTo, errors);
        if (createdFrom != null && createdTo != null && !createdFrom.isBefore(createdTo)) {
            errors.add(new FieldViolation("createdTo", "must be after createdFrom"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        var filter = new VoiceMessageService.ListFilter(status, clientReference, normalisedDestination, createdFrom,
                createdTo, multipleCalls, priority, waitingFor);
        return service.list(filter, caller, page);
    }

    /** Years 1 to 9999: ISO-8601 as everyone writes it, and well inside what PostgreSQL's timestamptz can hold. */
    private static void checkInRange(String field, Instant value, List<FieldViolation> errors) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            errors.add(new FieldViolation(field, "must be between " + EARLIEST + " and " + LATEST));
        }
    }

    @Operation(summary = "Cancel a message that is still queued",
            description = "Only a QUEUED message can be canceled, including one waiting for its sendAt, its delivery"
                    + " window, a redial or a retry; any other status answers 409 naming it. The client's own key or"
                    + " any ops key may cancel; a cancel by an ops key is audited (GET /admin/audit).")
    @PostMapping("/{id}/cancel")
    VoiceMessageView cancel(Caller caller, @PathVariable UUID id) {
        return service.cancel(id, caller);
    }
}
