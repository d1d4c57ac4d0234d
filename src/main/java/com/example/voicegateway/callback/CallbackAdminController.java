package com.example.voicegateway.callback;

import com.example.voicegateway.audit.AuditLog;
import com.example.voicegateway.audit.AuditOutcome;
import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.message.FieldViolation;
import com.example.voicegateway.message.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.support.TransactionTemplate;
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
@SecurityRequirement(name = "apiKey")
class CallbackAdminController {

    static final int MAX_PAGE_SIZE = 100;
    static final String REDELIVER_ACTION = "callback.redeliver";

    record CallbackPage(List<CallbackView> items, int page, int size) {
    }

    private final CallbackStore store;
    private final CallbackWorker worker;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    CallbackAdminController(CallbackStore store, CallbackWorker worker, AuditLog audit,
            TransactionTemplate transactions, Clock clock) {
        this.store = store;
        this.worker = worker;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Operation(summary = "Callback deliveries, newest first",
            description = "Filters: status (PENDING, DELIVERED, FAILED), client, messageId. Ops key only.")
    @GetMapping
    CallbackPage list(@RequestParam(required = false) String status,
            @RequestParam(required = false) String client,
            @RequestParam(required = false) UUID messageId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        List<FieldViolation> errors = new ArrayList<>();
        CallbackStatus wanted = null;
        if (status != null) {
            try {
                wanted = CallbackStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldViolation("status", "must be one of PENDING, DELIVERED, FAILED"));
            }
        }
        if (page < 0) {
            errors.add(new FieldViolation("page", "must be 0 or more"));
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            errors.add(new FieldViolation("size", "must be between 1 and " + MAX_PAGE_SIZE));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        List<CallbackView> items = store.list(wanted, client, messageId, size, (long) page * size).stream()
                .map(CallbackView::of).toList();
        return new CallbackPage(items, page, size);
    }

    @Operation(summary = "Queue a FAILED callback again",
            description = "The event goes out again with the same webhook-id and body, the whole retry schedule"
                    + " ahead of it. 409 unless it is FAILED. Ops key only; audited.")
    @PostMapping("/{id}/redeliver")
    CallbackView redeliver(Caller caller, @PathVariable UUID id) {
        CallbackStore.Row row = store.find(id).orElse(null);
        if (row == null) {
            audit.record(caller.name(), REDELIVER_ACTION, null, AuditOutcome.REFUSED, "no callback event " + id);
            throw problem(HttpStatus.NOT_FOUND, "Not Found", "No callback event " + id + ".");
        }
        // The audit row commits with the change, or neither does.
        Boolean queued = transactions.execute(tx -> {
            boolean done = store.redeliver(id, clock.instant());
            audit.record(caller.name(), REDELIVER_ACTION, row.messageId(),
                    done ? AuditOutcome.SUCCEEDED : AuditOutcome.REFUSED,
                    (done ? "queued again: callback " : "not queued, not FAILED: callback ") + id + " (" + row.type()
                            + ") to " + row.host() + " of client " + row.clientName());
            return done;
        });
        if (!Boolean.TRUE.equals(queued)) {
            throw problem(HttpStatus.CONFLICT, "Conflict", "The callback is " + store.find(id)
                    .map(CallbackStore.Row::status).orElse(row.status()) + "; only a FAILED one can be redelivered.");
        }
        worker.wake();
        return CallbackView.of(store.find(id).orElseThrow());
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
