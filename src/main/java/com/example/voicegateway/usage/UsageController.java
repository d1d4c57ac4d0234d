package com.example.voicegateway.usage;

import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What voice messages cost, per client and per outcome, from the costs 8x8's log export reported. */
@RestController
@RequestMapping("/admin/usage")
@Tag(name = "Admin")
class UsageController {

    static final String TEXT_CSV = "text/csv";
    static final String[] CSV_HEADER = {"client", "outcome", "calls", "answered", "billable_seconds",
            "billable_minutes", "calls_without_cost", "cost", "currency", "suppressed"};

    private final UsageStore store;
    private final Clock clock;

    UsageController(UsageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Operation(operationId = "getUsage", summary = "Calls, answered calls, billable minutes and cost per client and per outcome",
            description = "from and to are UTC dates (2026-11-01) or instants; to is exclusive. Default: this month"
                    + " so far. answered counts calls someone picked up: COMPLETED, ACKNOWLEDGED and NOT_ACKNOWLEDGED."
                    + " Costs are exact decimal strings per currency; callsWithoutCost counts calls no export"
                    + " has priced yet; suppressed counts calls never placed because their number was on a"
                    + " do-not-call list (not among calls). Accept: text/csv gives one line per client, outcome and"
                    + " currency (outcome ALL is the client's total, with suppressed). Ops key only.")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    UsageReport json(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String client) {
        Span span = span(from, to);
        String wanted = client == null || client.isBlank() ? null : client.trim();
        return UsageReport.of(span.from(), span.to(), wanted, store.rows(span.from(), span.to(), wanted),
                store.suppressed(span.from(), span.to(), wanted));
    }

    @Operation(operationId = "getUsage")
    @GetMapping(produces = TEXT_CSV)
    ResponseEntity<String> csv(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String client) {
        UsageReport report = json(from, to, client);
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).get())) {
            for (UsageReport.ClientUsage usage : report.clients()) {
                for (UsageReport.OutcomeUsage outcome : usage.byOutcome()) {
                    print(printer, usage.client(), outcome.outcome(), outcome.calls(), outcome.answered(),
                            outcome.billableSeconds(), outcome.billableMinutes(), outcome.callsWithoutCost(),
                            outcome.cost(), 0);
                }
                print(printer, usage.client(), "ALL", usage.calls(), usage.answered(), usage.billableSeconds(),
                        usage.billableMinutes(), usage.callsWithoutCost(), usage.cost(), usage.suppressed());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String filename = "voice-usage-" + report.from() + "-" + report.to() + ".csv";
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(TEXT_CSV + ";charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"" + filename.replace(':', '-') + "\"")
                .body(out.toString());
    }

    private static void print(CSVPrinter printer, String client, String outcome, long calls, long answered,
            long billableSeconds, String billableMinutes, long withoutCost, List<UsageReport.Cost> cost,
            long suppressed) throws IOException {
        if (cost.isEmpty()) {
            printer.printRecord(client, outcome, calls, answered, billableSeconds, billableMinutes, withoutCost, "", "",
                    suppressed);
            return;
        }
        // One line per currency; the counts belong to the first, so summing a column never counts a call twice.
        for (int i = 0; i < cost.size(); i++) {
            UsageReport.Cost c = cost.get(i);
            if (i == 0) {
                printer.printRecord(client, outcome, calls, answered, billableSeconds, billableMinutes, withoutCost,
                        c.amount(), c.currency(), suppressed);
            } else {
                printer.printRecord(client, outcome, 0, 0, 0, "0.00", 0, c.amount(), c.currency(), 0);
            }
        }
    }

    record Span(Instant from, Instant to) {
    }

    private Span span(String from, String to) {
        List<FieldViolation> errors = new ArrayList<>();
        Instant now = clock.instant();
        Instant start = from == null ? LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant() : parse("from", from, errors);
        Instant end = to == null ? now : parse("to", to, errors);
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add(new FieldViolation("to", "must be after from"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new Span(start, end);
    }

    private static Instant parse(String field, String value, List<FieldViolation> errors) {
        String v = value.trim();
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(new FieldViolation(field, "must be a UTC date such as 2026-11-01 or an instant such as"
                    + " 2026-11-01T00:00:00Z"));
            return null;
        }
    }
}
