package com.example.voicegateway.suppression.internal;

import static com.example.voicegateway.web.ApiDocs.FORBIDDEN;
import static com.example.voicegateway.web.ApiDocs.NOT_FOUND;

import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.suppression.SuppressionPage;
import com.example.voicegateway.suppression.SuppressionRequest;
import com.example.voicegateway.suppression.SuppressionView;
import com.example.voicegateway.suppression.Suppressions;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/suppressions")
@Tag(name = "Do-not-call lists")
class SuppressionController {

    /** The document's example, accepted as it stands (OpenApiContractTest sends it). */
    static final String EXAMPLE = """
            {"destination": "+6591234567", "reason": "Asked by email on 2026-12-01 not to be called"}""";

    private final Suppressions suppressions;

    SuppressionController(Suppressions suppressions) {
        this.suppressions = suppressions;
    }

    @Operation(operationId = "addSuppression", summary = "Put a number on a do-not-call list",
            description = "A client key adds to its own list, an ops key to the global list (checked for every"
                    + " client). No message to the number is called while it is on the list: POST /voice-messages"
                    + " answers it SUPPRESSED (or 422, per gateway.clients.<client>.on-suppressed), and a message"
                    + " already queued for it is not called either. Audited.")
    @ApiResponse(responseCode = "201", description = "Added", headers = @Header(name = "Location",
            description = "The entry: /suppressions/{destination}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "The number was on the list already: its entry now has this"
            + " reason and expiresAt")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SuppressionView> add(Caller caller,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = SuppressionRequest.class),
                    examples = @ExampleObject(name = "email", summary = "Asked not to be called", value = EXAMPLE)))
            @RequestBody SuppressionRequest request) {
        Suppressions.Added added = suppressions.add(caller, request, SuppressionView.Origin.API);
        return ResponseEntity.status(added.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/suppressions/" + added.entry().destination()))
                .body(added.entry());
    }

    @Operation(operationId = "listSuppressions", summary = "A do-not-call list, newest first",
            description = "A client key reads its own list; an ops key reads the global list, or a client's with"
                    + " client. Entries whose expiresAt has passed are left out.")
    @ApiResponse(responseCode = "200", description = "The entries")
    @ApiResponse(responseCode = "403", ref = FORBIDDEN, description = "client names another client, with a client"
            + " key")
    @GetMapping
    SuppressionPage list(Caller caller,
            @Parameter(description = "Only this number's entry: as a person writes it (+65 9123-4567), with the +"
                    + " URL-encoded (%2B: a bare + in a query is a space), or for a client with a default region a"
                    + " national number", example = "+6591234567")
            @RequestParam(required = false) String destination,
            @Parameter(description = "Ops keys: this client's list instead of the global one")
            @RequestParam(required = false) String client,
            @Valid PageQuery page) {
        return suppressions.list(caller, client, destination, page);
    }

    @Operation(operationId = "removeSuppression", summary = "Take a number off a do-not-call list",
            description = "A client key takes it off its own list, an ops key off the global list; messages to the"
                    + " number are called again from then on. Audited, a refusal too.")
    @ApiResponse(responseCode = "204", description = "Taken off")
    @ApiResponse(responseCode = "404", ref = NOT_FOUND, description = "The number is not on the list")
    @DeleteMapping("/{destination}")
    ResponseEntity<Void> remove(Caller caller,
            @Parameter(description = "The number, as a person writes it (+6591234567, +65 9123-4567)",
                    example = "+6591234567")
            @PathVariable String destination) {
        suppressions.remove(caller, destination);
        return ResponseEntity.noContent().build();
    }
}
