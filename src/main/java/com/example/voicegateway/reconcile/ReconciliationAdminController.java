package com.example.voicegateway.reconcile;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.example.voicegateway.audit.AuditLog;
import com.example.voicegateway.audit.AuditOutcome;
import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import com.example.voicegateway.web.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Ops' view of reconciliation: every export asked of 8x8, what each settled, and the calls left for ops. */
@RestController
@RequestMapping("/admin/reconciliations")
@Tag(name = "Admin")
class ReconciliationAdminController {

    record ExportPage(List<ReconciliationReader.ExportView> items, int page, int size) {
    }

    private final ReconciliationReader reader;
    private final ObjectProvider<ReconcileSchedule> schedule;
    private final AuditLog audit;

    ReconciliationAdminController(ReconciliationReader reader, ObjectProvider<ReconcileSchedule> schedule,
            AuditLog audit) {
        this.reader = reader;
        this.schedule = schedule;
        this.audit = audit;
    }

    @Operation(operationId = "listReconciliations", summary = "Log exports, newest first",
            description = "kind filters by RECONCILE or DAILY_COST. Each shows its span, 8x8's job state and counts;"
                    + " GET /admin/reconciliations/{id} lists what it did to each call. Ops key only (auth.SecurityConfiguration).")
    @GetMapping
    ExportPage list(@RequestParam(required = false) String kind,
            @Valid PageQuery page) {
        List<FieldViolation> errors = new ArrayList<>();
        String wanted = null;
        if (kind != null) {
            wanted = kind.trim().toUpperCase(Locale.ROOT);
            if (!wanted.equals("RECONCILE") && !wanted.equals("DAILY_COST")) {
                errors.add(new FieldViolation("kind", "must be RECONCILE or DAILY_COST"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new ExportPage(reader.exports(wanted, page), page.page(), page.size());
    }

    @Operation(operationId = "getReconciliation", summary = "One log export and what it did to each call", description = "Ops key only.")
    @ApiResponse(responseCode = "200", description = "The export")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @GetMapping("/{id}")
    ReconciliationReader.ExportView one(@PathVariable long id) {
        return reader.export(id).orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "No log export " + id + "."));
    }

    @Operation(operationId = "listFlaggedCalls", summary = "Unknown calls left for ops",
            description = "Calls for which several rows of 8x8's log export could be the call. Neither the"
                    + " reconciler nor the UNKNOWN window touches them. Ops key only (auth.SecurityConfiguration).")
    @GetMapping("/flagged")
    Map<String, Object> flagged() {
        List<ReconciliationReader.FlagView> flags = reader.flags();
        return Map.of("count", flags.size(), "items", flags);
    }

    @Operation(operationId = "startReconciliation", summary = "Reconcile now",
            description = "Queues a reconciliation on this instance at once, whatever the interval says; 409 when"
                    + " reconciliation is off; 503 (with Retry-After) while the instance shuts down. Ops key only"
                    + " (auth.SecurityConfiguration).")
    @ApiResponse(responseCode = "202", description = "Queued on this instance")
    @ApiResponse(responseCode = "409", description = "Reconciliation is off (gateway.reconcile.enabled)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping
    ResponseEntity<Map<String, Object>> runNow(Caller caller) {
        ReconcileSchedule running = schedule.getIfAvailable();
        boolean queued;
        try {
            queued = running != null && running.requestNow();
        } catch (TaskRejectedException shuttingDown) {
            audit.record(caller.name(), "reconcile.run", null, AuditOutcome.REFUSED, "instance shutting down");
            ErrorResponseException unavailable = problem(HttpStatus.SERVICE_UNAVAILABLE,
                    "This instance is shutting down: try again (another instance will take the request).");
            unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
            throw unavailable;
        }
        if (!queued) {
            audit.record(caller.name(), "reconcile.run", null, AuditOutcome.REFUSED, "reconciliation is off");
            throw problem(HttpStatus.CONFLICT, "Reconciliation is off on this instance (gateway.reconcile.enabled).");
        }
        audit.record(caller.name(), "reconcile.run", null, AuditOutcome.SUCCEEDED, "reconciliation queued");
        return ResponseEntity.accepted().body(Map.of("requested", true));
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
