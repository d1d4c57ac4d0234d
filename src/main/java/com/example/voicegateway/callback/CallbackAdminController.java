package com.example.voicegateway.callback;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.message.CallbackView;
import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import com.example.voicegateway.web.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Ops' view of callback deliveries, and the way to send a failed one again. Ops keys only (SecurityConfiguration). */
@RestController
@RequestMapping("/admin/callbacks")
@Tag(name = "Admin")
class CallbackAdminController {

    record CallbackPage(List<CallbackView> items, int page, int size) {
    }

    private final CallbackStore store;
    private final CallbackRedelivery redelivery;

    CallbackAdminController(CallbackStore store, CallbackRedelivery redelivery) {
        this.store = store;
        this.redelivery = redelivery;
    }

    @Operation(operationId = "listCallbacks", summary = "Callback deliveries, newest first",
            description = "Filters: status (PENDING, DELIVERED, FAILED), client, messageId. Ops key only.")
    @GetMapping
    CallbackPage list(@RequestParam(required = false) String status,
            @RequestParam(required = false) String client,
            @RequestParam(required = false) UUID messageId,
            @Valid PageQuery page) {
        List<FieldViolation> errors = new ArrayList<>();
        CallbackStatus wanted = null;
        if (status != null) {
            try {
                wanted = CallbackStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldViolation("status", "must be one of PENDING, DELIVERED, FAILED"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        List<CallbackView> items = store.list(wanted, client, messageId, page.size(), page.offset()).stream()
                .map(CallbackViews::of).toList();
        return new CallbackPage(items, page.page(), page.size());
    }

    @Operation(operationId = "redeliverCallback", summary = "Queue a FAILED callback again",
            description = "The event goes out again with the same webhook-id and body, the whole retry schedule"
                    + " ahead of it. 409 unless it is FAILED, or once its message's personal data was erased."
                    + " Ops key only; audited.")
    @ApiResponse(responseCode = "200", description = "Queued again: the delivery as it is now")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", description = "Not FAILED, or its message's personal data was erased",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping("/{id}/redeliver")
    CallbackView redeliver(Caller caller, @PathVariable UUID id) {
        switch (redelivery.redeliver(id, caller.name())) {
            case NOT_FOUND -> throw problem(HttpStatus.NOT_FOUND, "Not Found", "No callback event " + id + ".");
            case NOT_FAILED -> throw problem(HttpStatus.CONFLICT, "Conflict", "The callback is " + store.find(id)
                    .map(CallbackStore.Row::status).map(Enum::name).orElse("gone")
                    + "; only a FAILED one can be redelivered.");
            case ERASED -> throw problem(HttpStatus.CONFLICT, "Conflict", "The personal data of message "
                    + store.find(id).map(CallbackStore.Row::messageId).map(UUID::toString).orElse("")
                    + " was erased (gateway.retention.personal-data): its callbacks are not sent any more.");
            case QUEUED -> {
                // the worker was woken; show the event as it is queued now
            }
        }
        return CallbackViews.of(store.find(id).orElseThrow());
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
