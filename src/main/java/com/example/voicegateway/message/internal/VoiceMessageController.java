package com.example.voicegateway.message.internal;

import static com.example.voicegateway.web.ApiDocs.NOT_FOUND;
import static com.example.voicegateway.web.ApiDocs.PROBLEM;
import static com.example.voicegateway.web.ApiDocs.PROBLEM_SCHEMA;

import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.message.BroadcastNotFoundException;
import com.example.voicegateway.message.BroadcastRegistry;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.schedule.Priority;
import com.example.voicegateway.schedule.WaitingFor;
import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import com.example.voicegateway.web.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
@Tag(name = "Voice messages")
class VoiceMessageController {

    static final int MAX_CLIENT_REFERENCE_LENGTH = 100;
    /** The document's examples, each accepted as it stands (OpenApiContractTest sends them). */
    static final String EXAMPLE_TEXT = """
            {"destination": "+6591234567", "text": "Your parcel arrives tomorrow between 9 and 11.",
             "clientReference": "order-4711"}""";
    static final String EXAMPLE_AUDIO = """
            {"destination": "+6591234567", "audioUrl": "https://example.com/audio/reminder.mp3", "repetition": 2}""";
    static final String EXAMPLE_ACKNOWLEDGED = """
            {"destination": "+6591234567", "text": "The server room is flooding. Please come at once.",
             "acknowledge": {"digit": "1", "prompt": "Press 1 if you are on your way.", "thanks": "Thank you."},
             "redial": {"maxCalls": 3, "interval": "PT5M"}, "fallbackDestinations": ["+6598765432"], "priority": "HIGH"}""";
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final VoiceMessageService service;
    private final ClientNumbers numbers;
    private final BroadcastRegistry broadcasts;

    VoiceMessageController(VoiceMessageService service, ClientNumbers numbers, BroadcastRegistry broadcasts) {
        this.service = service;
        this.numbers = numbers;
        this.broadcasts = broadcasts;
    }

    @Operation(operationId = "sendVoiceMessage", summary = "Queue a voice message",
            description = "Validates and stores the message, then answers 202 at once; dispatch to 8x8 follows.")
    @ApiResponse(responseCode = "202", description = "Stored and queued; dispatch to 8x8 follows. The same"
            + " Idempotency-Key with the same request answers 202 again with the same message. A destination on a"
            + " do-not-call list is stored with status SUPPRESSED and never called (suppressedBy names the list).",
            headers = {
                @Header(name = "Location", description = "The message: /voice-messages/{id}",
                        schema = @Schema(type = "string")),
                @Header(name = "Idempotent-Replayed", description = "true when an earlier request with this"
                        + " Idempotency-Key stored the message", schema = @Schema(type = "boolean")),
                @Header(name = "RateLimit", ref = "#/components/headers/RateLimit"),
                @Header(name = "RateLimit-Policy", ref = "#/components/headers/RateLimit-Policy")})
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used before with another request"
            + " (existingId names that message), or the destination is on a do-not-call list and the client refuses"
            + " such messages (gateway.clients.<client>.on-suppressed: reject; suppressedBy names the list): nothing"
            + " was stored", content = @Content(mediaType = PROBLEM,
                    schema = @Schema(ref = PROBLEM_SCHEMA)))
    @ApiResponse(responseCode = "429", description = "Over the client's quota, or the client's calls of today to"
            + " the destination's country are used up and the message would be due before 00:00 UTC (nothing was"
            + " stored), or too many failed sign-ins: retry after Retry-After", headers = {
                @Header(name = "Retry-After", ref = "#/components/headers/Retry-After"),
                @Header(name = "RateLimit", ref = "#/components/headers/RateLimit"),
                @Header(name = "RateLimit-Policy", ref = "#/components/headers/RateLimit-Policy")},
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @ApiResponse(responseCode = "503", description = "The message was not stored, or the database did not confirm"
            + " in time whether it was: retry after Retry-After with the same Idempotency-Key, which never stores it"
            + " twice", headers = @Header(name = "Retry-After", ref = "#/components/headers/Retry-After"),
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @PostMapping(path = "/voice-messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<VoiceMessageView> send(Caller caller,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = VoiceMessageRequest.class),
                    examples = {
                        @ExampleObject(name = "text", summary = "A text read out", value = EXAMPLE_TEXT),
                        @ExampleObject(name = "audio", summary = "An audio file played twice", value = EXAMPLE_AUDIO),
                        @ExampleObject(name = "acknowledged", summary = "Press 1 to confirm, redial, office hours",
                                value = EXAMPLE_ACKNOWLEDGED)}))
            @RequestBody VoiceMessageRequest request,
            @Parameter(description = "Same key and same request returns the same message; at most 255 characters")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        VoiceMessageService.Accepted accepted = service.accept(request, caller, idempotencyKey);
        return ResponseEntity.accepted()
                .location(URI.create("/voice-messages/" + accepted.view().id()))
                .header("Idempotent-Replayed", String.valueOf(accepted.replayed()))
                .headers(headers -> accepted.quotaHeaders().forEach(headers::set))
                .body(accepted.view());
    }

    @Operation(operationId = "getVoiceMessage", summary = "A message with its calls, attempts and session summaries",
            description = "A client reads its own messages only (another's is 404); an ops key reads any.")
    @ApiResponse(responseCode = "200", description = "The message")
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @GetMapping("/voice-messages/{id}")
    VoiceMessageView get(Caller caller, @PathVariable UUID id) {
        return service.find(id, caller);
    }

    @Operation(operationId = "listVoiceMessages", summary = "Search messages, newest first",
            description = "Clients see their own messages, ops keys see all. Items leave out attempts and summary.")
    @GetMapping("/voice-messages")
    VoiceMessagePage list(Caller caller,
            @RequestParam(required = false) MessageStatus status,
            @RequestParam(required = false) String clientReference,
            @Parameter(description = "The number called, read like a message's destination: E.164, with the + sent"
                    + " URL-encoded (destination=%2B6591234567: a bare + in a query is a space), or for a client with"
                    + " a default region a national number", example = "+6591234567")
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
        return listOf(null, caller, status, clientReference, destination, createdFrom, createdTo, multipleCalls,
                priority, waitingFor, page);
    }

    @Operation(operationId = "listBroadcastMessages", summary = "A broadcast's messages, newest first",
            description = "The message list's filters, within one broadcast: a client sees its own broadcasts' only"
                    + " (another's is 404), an ops key any.")
    @ApiResponse(responseCode = "200", description = "A page of the broadcast's messages")
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @GetMapping("/broadcasts/{id}/messages")
    VoiceMessagePage listOfBroadcast(Caller caller, @PathVariable UUID id,
            @RequestParam(required = false) MessageStatus status,
            @RequestParam(required = false) String clientReference,
            @Parameter(description = "The number called, read as in GET /voice-messages", example = "+6591234567")
            @RequestParam(required = false) String destination,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant createdFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant createdTo,
            @Parameter(description = "true: only messages that needed more than one call; false: only those with one")
            @RequestParam(required = false) Boolean multipleCalls,
            @RequestParam(required = false) Priority priority,
            @Parameter(description = "Queued messages still waiting for this reason, as in GET /voice-messages")
            @RequestParam(required = false) WaitingFor waitingFor,
            @Valid PageQuery page) {
        broadcasts.owner(id).filter(caller::canSee).orElseThrow(() -> new BroadcastNotFoundException(id));
        return listOf(id, caller, status, clientReference, destination, createdFrom, createdTo, multipleCalls,
                priority, waitingFor, page);
    }

    private VoiceMessagePage listOf(UUID broadcastId, Caller caller, MessageStatus status, String clientReference,
            String destination, Instant createdFrom, Instant createdTo, Boolean multipleCalls, Priority priority,
            WaitingFor waitingFor, PageQuery page) {
        List<FieldViolation> errors = new ArrayList<>();
        // An ops key has no client, so no default region: + and the country code.
        String normalisedDestination = numbers.read("destination", destination, caller.client() ? caller.name() : null,
                errors);
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
                createdTo, multipleCalls, priority, waitingFor, broadcastId);
        return service.list(filter, caller, page);
    }

    /** Years 1 to 9999: ISO-8601 as everyone writes it, and well inside what PostgreSQL's timestamptz can hold. */
    private static void checkInRange(String field, Instant value, List<FieldViolation> errors) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            errors.add(new FieldViolation(field, "must be between " + EARLIEST + " and " + LATEST));
        }
    }

    @Operation(operationId = "cancelVoiceMessage", summary = "Cancel a message that is still queued",
            description = "Only a QUEUED message can be canceled, including one waiting for its sendAt, its delivery"
                    + " window, a redial or a retry; any other status answers 409 naming it. The client's own key or"
                    + " any ops key may cancel; a cancel by an ops key is audited (GET /admin/audit).")
    @ApiResponse(responseCode = "200", description = "Canceled: the message as it is now")
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @ApiResponse(responseCode = "409", description = "The message is no longer QUEUED; currentStatus names its"
            + " status", content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @PostMapping("/voice-messages/{id}/cancel")
    VoiceMessageView cancel(Caller caller, @PathVariable UUID id) {
        return service.cancel(id, caller);
    }
}
