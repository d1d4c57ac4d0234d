package com.example.voicegateway.message.internal;

import static com.example.voicegateway.web.ApiDocs.PROBLEM;
import static com.example.voicegateway.web.ApiDocs.PROBLEM_SCHEMA;

import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /broadcasts}. Intake of a broadcast lives with the message intake it reuses (the same request types
 * and rules, the same insert); the broadcast module owns the broadcast itself: its row, progress, cancel and results.
 */
@RestController
@Tag(name = "Broadcasts")
class BroadcastIntakeController {

    static final String EXAMPLE = """
            {"text": "The office is closed today because of the flood. Please work from home.",
             "priority": "NORMAL", "messageCallbacks": false,
             "recipients": [{"destination": "+6591234567", "clientReference": "staff-0001"},
                            {"destination": "+6598765432", "clientReference": "staff-0002"}]}""";

    private final BroadcastIntake intake;

    BroadcastIntakeController(BroadcastIntake intake) {
        this.intake = intake;
    }

    @Operation(operationId = "sendBroadcast", summary = "Queue one message to many people",
            description = "Checks every row by the rules of POST /voice-messages, then stores the broadcast and one"
                    + " message per recipient in one transaction (all of it or none) and answers 202 at once. The"
                    + " client's quota counts every recipient. The recipients come in the JSON body, or as a CSV"
                    + " file: multipart/form-data with a part broadcast (application/json, the shared fields) and a"
                    + " part recipients (text/csv); the body is at most 8 MiB either way.")
    @ApiResponse(responseCode = "202", description = "Stored; its messages are queued. The same Idempotency-Key"
            + " with the same request answers 202 again with the same broadcast.", headers = {
                @Header(name = "Location", description = "The broadcast: /broadcasts/{id}",
                        schema = @Schema(type = "string")),
                @Header(name = "Idempotent-Replayed", description = "true when an earlier request with this"
                        + " Idempotency-Key stored the broadcast", schema = @Schema(type = "boolean")),
                @Header(name = "RateLimit", ref = "#/components/headers/RateLimit"),
                @Header(name = "RateLimit-Policy", ref = "#/components/headers/RateLimit-Policy")})
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used before with another request"
            + " (existingId names that broadcast), or the broadcast has more recipients than a window of the"
            + " client's quota holds", content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @ApiResponse(responseCode = "429", description = "The recipients do not fit the client's quota now (nothing"
            + " was stored), or too many failed sign-ins: retry after Retry-After", headers = {
                @Header(name = "Retry-After", ref = "#/components/headers/Retry-After"),
                @Header(name = "RateLimit", ref = "#/components/headers/RateLimit"),
                @Header(name = "RateLimit-Policy", ref = "#/components/headers/RateLimit-Policy")},
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @PostMapping(path = "/broadcasts", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BroadcastAccepted> send(Caller caller,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = BroadcastRequest.class),
                    examples = @ExampleObject(name = "closure", summary = "Two people, no callback per message",
                            value = EXAMPLE)))
            @RequestBody BroadcastRequest request,
            @Parameter(description = "Same key and same request returns the same broadcast; at most 255 characters")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return answer(intake.accept(request, caller.name(), idempotencyKey));
    }

    /**
     * The same broadcast as a file upload, so that a spreadsheet's export works as it is: the shared fields as a JSON
     * part, the recipients as a CSV part. Parts are optional here only so that a missing one is named with the rest.
     */
    // Documented with the JSON form, as the same operation's second content type (BroadcastUploadDocs).
    @Operation(hidden = true)
    @PostMapping(path = "/broadcasts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<BroadcastAccepted> sendFile(Caller caller,
            @RequestPart(name = "broadcast", required = false) BroadcastRequest shared,
            // A Part, not a MultipartFile: a part sent without a filename (a form field) is read too.
            @RequestPart(name = "recipients", required = false) Part recipients,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) throws IOException {
        try (InputStream csv = recipients == null ? null : recipients.getInputStream()) {
            return answer(intake.acceptFile(shared, recipients == null ? null : recipients.getContentType(), csv,
                    caller.name(), idempotencyKey));
        }
    }

    /**
     * Only a part can have the wrong type once the request reached this controller: the broadcast part, the one read
     * as JSON. Named as a field, as every other 400 of the upload.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> partNotJson(HttpMediaTypeNotSupportedException e) {
        String sent = e.getContentType() == null ? "no Content-Type" : e.getContentType().toString();
        return ResponseEntity.badRequest().body(InvalidInput.problem(List.of(new FieldViolation("broadcast",
                "must be a part of type application/json, not " + sent
                        + " (curl: -F 'broadcast=@shared.json;type=application/json')"))));
    }

    static ResponseEntity<BroadcastAccepted> answer(BroadcastIntake.Outcome outcome) {
        return ResponseEntity.accepted()
                .location(URI.create("/broadcasts/" + outcome.accepted().id()))
                .header("Idempotent-Replayed", String.valueOf(outcome.replayed()))
                .headers(headers -> outcome.quotaHeaders().forEach(headers::set))
                .body(outcome.accepted());
    }
}
