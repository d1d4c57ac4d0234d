package com.example.voicegateway.broadcast.internal;

import static com.example.voicegateway.web.ApiDocs.NOT_FOUND;

import com.example.voicegateway.auth.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import com.example.voicegateway.web.PageQuery;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Following, canceling and reporting a broadcast; {@code POST /broadcasts} is intake's (message module). */
@RestController
@RequestMapping("/broadcasts")
@Tag(name = "Broadcasts")
class BroadcastController {

    static final String CSV = "text/csv";

    private final BroadcastService service;
    private final BroadcastResults results;

    BroadcastController(BroadcastService service, BroadcastResults results) {
        this.service = service;
        this.results = results;
    }

    @Operation(operationId = "listBroadcasts", summary = "Broadcasts, newest first",
            description = "A client sees its own, an ops key all, each with its progress.")
    @GetMapping
    BroadcastPage list(Caller caller, @Valid PageQuery page) {
        return service.list(caller, page);
    }

    @Operation(operationId = "getBroadcast", summary = "A broadcast's progress",
            description = "Counts by status, first and last activity, and when it should finish at the current"
                    + " pace. A client reads its own broadcasts only (another's is 404); an ops key any.")
    @ApiResponse(responseCode = "200", description = "The broadcast")
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @GetMapping("/{id}")
    BroadcastView get(Caller caller, @PathVariable UUID id) {
        return service.find(id, caller);
    }

    @Operation(operationId = "cancelBroadcast", summary = "Cancel every message not yet on a call",
            description = "In one statement, every QUEUED message of the broadcast (waiting for its first call, its"
                    + " sendAt, its window or a redial) becomes CANCELED, with its callbacks if it has them; calls"
                    + " already under way finish. May be repeated. Audited (GET /admin/audit).")
    @ApiResponse(responseCode = "200", description = "How many messages it canceled, and the broadcast as it is now")
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @PostMapping("/{id}/cancel")
    BroadcastService.Canceled cancel(Caller caller, @PathVariable UUID id) {
        return service.cancel(id, caller);
    }

    @Operation(operationId = "getBroadcastResults", summary = "What happened to each recipient, as CSV",
            description = "One row per recipient, in the order they were stored, streamed as it is read (also while"
                    + " the broadcast runs): clientReference, destination (masked as +65****4567 unless the key is an"
                    + " ops key; empty once retention erased it), status, calls, answeredAt, acknowledgedDigit,"
                    + " costAmount, costCurrency, messageId. UTF-8, RFC 4180.")
    @ApiResponse(responseCode = "200", description = "The results", content = @Content(mediaType = CSV,
            schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @GetMapping(path = "/{id}/results.csv", produces = CSV)
    void results(Caller caller, @PathVariable UUID id, HttpServletResponse response) throws IOException {
        service.visible(id, caller);
        // Written on the request's own thread as the rows are read: nothing waits for the whole file.
        response.setContentType(new MediaType("text", "csv", StandardCharsets.UTF_8).toString());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("broadcast-" + id + ".csv").build().toString());
        results.write(id, caller.ops(), response.getOutputStream());
    }
}
