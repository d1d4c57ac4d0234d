package com.example.voicegateway.template.internal;

import static com.example.voicegateway.web.ApiDocs.FORBIDDEN;
import static com.example.voicegateway.web.ApiDocs.NOT_FOUND;
import static com.example.voicegateway.web.ApiDocs.PROBLEM;
import static com.example.voicegateway.web.ApiDocs.PROBLEM_SCHEMA;

import com.example.voicegateway.auth.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/templates")
@Tag(name = "Templates")
class TemplateController {

    /** The document's examples, each accepted as it stands (OpenApiContractTest sends them). */
    static final String EXAMPLE_CODE = """
            {"name": "one-time-code", "language": "en-SG",
             "text": "Your code is ((code:digits)). It expires at ((expiresAt:time))."}""";
    static final String EXAMPLE_PAYMENT = """
            {"name": "payment-check", "language": "id-ID",
             "text": "Ada pembayaran ((total:amount)) pada ((at:datetime)).",
             "acknowledge": {"prompt": "Tekan 1 jika ini pembayaran Anda.", "thanks": "Terima kasih."}}""";
    static final String EXAMPLE_PREVIEW = """
            {"variables": {"code": "4815", "expiresAt": "2026-12-07T10:30:00Z"}, "timeZone": "Asia/Singapore"}""";

    private final TemplateService service;

    TemplateController(TemplateService service) {
        this.service = service;
    }

    @Operation(operationId = "createTemplate", summary = "Create a template",
            description = "A client key's template is its own; an ops key's is shared, seen by every client. Refuses"
                    + " a broken placeholder, an unknown language or a voice profile 8x8 does not offer; warnings say"
                    + " what will not be spoken as expected (a language without spelled-out numbers).")
    @ApiResponse(responseCode = "201", description = "Created: version 1", headers = @Header(name = "Location",
            description = "The template: /templates/{id}", schema = @Schema(type = "string")))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TemplateView> create(Caller caller,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = TemplateRequest.class),
                    examples = {
                        @ExampleObject(name = "code", summary = "A one-time code, digit by digit", value = EXAMPLE_CODE),
                        @ExampleObject(name = "payment", summary = "An amount in Indonesian, with acknowledge",
                                value = EXAMPLE_PAYMENT)}))
            @RequestBody TemplateRequest request) {
        TemplateView created = service.create(request, caller);
        return ResponseEntity.created(URI.create("/templates/" + created.id())).body(created);
    }

    @Operation(operationId = "listTemplates", summary = "Templates, by name",
            description = "A client sees its own and the shared ones; an ops key sees every one.")
    @ApiResponse(responseCode = "200", description = "The templates' current versions")
    @GetMapping
    List<TemplateView> list(Caller caller) {
        return service.list(caller);
    }

    @Operation(operationId = "getTemplate", summary = "A template's current version")
    @ApiResponse(responseCode = "200", description = "The template")
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @GetMapping("/{id}")
    TemplateView get(Caller caller, @PathVariable UUID id) {
        return service.find(id, caller);
    }

    @Operation(operationId = "updateTemplate", summary = "Change a template: a new version",
            description = "The whole template as it should be; the old versions stay, and each message names the"
                    + " version it was rendered from. A client changes its own templates, an ops key the shared ones.")
    @ApiResponse(responseCode = "200", description = "The new version")
    @ApiResponse(responseCode = "403", ref = FORBIDDEN, description = "A shared template by a client key, or a"
            + " client's by an ops key")
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    TemplateView update(Caller caller, @PathVariable UUID id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = TemplateRequest.class),
                    examples = @ExampleObject(name = "code", summary = "A one-time code", value = EXAMPLE_CODE)))
            @RequestBody TemplateRequest request) {
        return service.update(id, request, caller);
    }

    @Operation(operationId = "deleteTemplate", summary = "Delete a template",
            description = "Refused while queued messages were rendered from it. Its versions stay for the messages"
                    + " that name them.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "403", ref = FORBIDDEN, description = "A shared template by a client key, or a"
            + " client's by an ops key")
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @ApiResponse(responseCode = "409", description = "Queued messages use it", content = @Content(
            mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        service.delete(id, caller);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "previewTemplate", summary = "What a message with these values would say",
            description = "Renders the text (and the acknowledge texts) as POST /voice-messages would, with the same"
                    + " errors for missing, extra or ill-typed variables (named variables.<name>).")
    @ApiResponse(responseCode = "200", description = "The rendered texts")
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @PostMapping(path = "/{id}/preview", consumes = MediaType.APPLICATION_JSON_VALUE)
    PreviewView preview(Caller caller, @PathVariable UUID id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = PreviewRequest.class),
                    examples = @ExampleObject(name = "code", summary = "Values for the one-time code",
                            value = EXAMPLE_PREVIEW)))
            @RequestBody PreviewRequest request) {
        return service.preview(id, request, caller);
    }
}
