package com.example.voicegateway.sandbox;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import com.example.voicegateway.audit.AuditLog;
import com.example.voicegateway.audit.AuditOutcome;
import com.example.voicegateway.auth.Caller;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Drills against the sandbox (ops keys only): make "8x8" misbehave, and see which calls it placed. */
@RestController
@SandboxEnabled
@RequestMapping("/admin/sandbox")
@Tag(name = "Sandbox")
class SandboxAdminController {

    private final Faults faults;
    private final CallflowJournal journal;
    private final CallSimulator simulator;
    private final AuditLog audit;
    private final CallLog callLog;

    SandboxAdminController(Faults faults, CallflowJournal journal, CallSimulator simulator, AuditLog audit,
            CallLog callLog) {
        this.callLog = callLog;
        this.faults = faults;
        this.journal = journal;
        this.simulator = simulator;
        this.audit = audit;
    }

    @Operation(operationId = "getSandboxFaults", summary = "The emulator's current faults",
            description = "What the emulated 8x8 does wrong on purpose (refusals, lost answers, slow answers), for drills.")
    @GetMapping("/faults")
    FaultSettings faults() {
        return faults.current();
    }

    /** Replaces the current faults; absent fields are no fault. */
    @Operation(operationId = "setSandboxFaults", summary = "Replace the emulator's faults",
            description = "Absent fields are no fault. Audited.")
    @PostMapping("/faults")
    FaultSettings setFaults(Caller caller, @Valid @RequestBody FaultSettings settings) {
        faults.set(settings);
        audit.record(caller.name(), "sandbox.faults.set", null, AuditOutcome.SUCCEEDED, settings.toString());
        return faults.current();
    }

    @Operation(operationId = "resetSandboxFaults", summary = "No faults any more", description = "Audited.")
    @ApiResponse(responseCode = "204", description = "The emulator behaves again")
    @DeleteMapping("/faults")
    ResponseEntity<Void> resetFaults(Caller caller) {
        faults.reset();
        audit.record(caller.name(), "sandbox.faults.reset", null, AuditOutcome.SUCCEEDED, null);
        return ResponseEntity.noContent().build();
    }

    /**
     * The calls "8x8" placed, oldest first; {@code duplicates} lists every clientRequestId placed more than once,
     * which must stay empty: each duplicate rang a phone twice.
     */
    @Operation(operationId = "listSandboxCallflows", summary = "The calls the emulated 8x8 placed, oldest first",
            description = "duplicates lists every clientRequestId placed more than once, which must stay empty: each"
                    + " duplicate rang a phone twice.")
    @GetMapping("/callflows")
    Map<String, Object> callflows(@RequestParam(required = false) String clientRequestId) {
        List<CallflowJournal.Entry> all = journal.entries();
        List<String> duplicates = all.stream()
                .map(CallflowJournal.Entry::clientRequestId)
                .filter(Objects::nonNull)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        List<CallflowJournal.Entry> shown = clientRequestId == null ? all
                : all.stream().filter(e -> clientRequestId.equals(e.clientRequestId())).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("count", shown.size());
        answer.put("duplicates", duplicates);
        answer.put("callflows", shown);
        answer.putAll(simulator.state());
        return answer;
    }

    @Operation(operationId = "clearSandboxCallflows", summary = "Forget the calls the emulator placed",
            description = "Clears the journal and the emulated log export. Audited.")
    @ApiResponse(responseCode = "204", description = "Cleared")
    @DeleteMapping("/callflows")
    ResponseEntity<Void> clearJournal(Caller caller) {
        journal.clear();
        callLog.clear();
        audit.record(caller.name(), "sandbox.callflows.clear", null, AuditOutcome.SUCCEEDED, null);
        return ResponseEntity.noContent().build();
    }
}
