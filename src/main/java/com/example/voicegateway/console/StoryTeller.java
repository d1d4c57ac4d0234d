package com.example.voicegateway.console;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Turns the JSON of {@code GET /voice-messages/{id}} into a story. It reads the view rather than the tables, so a
 * message looks the same in the console as to the sender, and members a feature adds (calls, acknowledgements,
 * callbacks, cost) show up where they exist and are simply absent where they do not.
 */
final class StoryTeller {

    private static final Set<String> GOOD = Set.of("COMPLETED", "ACKNOWLEDGED", "SUBMITTED", "DELIVERED", "APPLIED");
    private static final Set<String> IN_PROGRESS = Set.of("QUEUED", "SENDING", "SUBMITTED", "UNKNOWN");
    private static final Set<String> WAITING = Set.of("QUEUED", "SENDING", "UNKNOWN", "PENDING", "RETRY",
            "NO_ANSWER", "BUSY", "NOT_ACKNOWLEDGED", "CANCELED");

    private StoryTeller() {
    }

    static Story tell(JsonNode m) {
        List<Story.Entry> entries = new ArrayList<>();
        entries.add(new Story.Entry(time(m, "createdAt"), "info", "Accepted from " + text(m, "clientName"),
                join("valid until " + text(m, "validUntil"), prefixed("reference ", text(m, "clientReference")))));
        JsonNode calls = m.path("calls");
        JsonNode attempts = m.path("attempts");
        if (calls.isArray() && !calls.isEmpty()) {
            for (JsonNode call : calls) {
                int number = call.path("number").asInt();
                // The call's outcome is told by its summary below when that summary settled it; otherwise the status
                // says where it stands (a summary that conflicted with a canceled call ended nothing).
                boolean ended = settled(call.path("summary"));
                entries.add(new Story.Entry(time(call, "startedAt") != null ? time(call, "startedAt")
                        : time(call, "dueAt"), tone(text(call, "status")),
                        "Call " + number + " to " + text(call, "destination") + " (" + role(number, call) + ")",
                        ended ? null : join(text(call, "status"), Reasons.forStatus(text(call, "status")),
                                call.path("errorCode").isNumber()
                                        ? Reasons.forCode(call.path("errorCode").asInt(), null) : null)));
                for (JsonNode attempt : attempts) {
                    if (attempt.path("callNumber").asInt(1) == number) {
                        entries.add(attempt(attempt, "Call " + number + ", attempt "));
                    }
                }
                acknowledgement(call.path("acknowledgement"), number, entries);
                summary(call.path("summary"), "Call " + number, text(call, "status"), entries);
                cost(call.path("cost"), "Call " + number + " cost ", time(call, "endedAt"), entries);
            }
        } else {
            for (JsonNode attempt : attempts) {
                entries.add(attempt(attempt, "Attempt "));
            }
            summary(m.path("summary"), "Call", text(m, "status"), entries);
        }
        List<Story.FailedCallback> failed = new ArrayList<>();
        for (JsonNode callback : m.path("callbacks")) {
            String status = text(callback, "status");
            Instant at = time(callback, "deliveredAt") != null ? time(callback, "deliveredAt")
                    : time(callback, "lastAttemptAt") != null ? time(callback, "lastAttemptAt") : time(callback, "createdAt");
            entries.add(new Story.Entry(at, tone(status), "Callback " + text(callback, "type") + ": " + status,
                    join(prefixed("attempts ", text(callback, "attempts")),
                            prefixed("last HTTP status ", text(callback, "lastHttpStatus")),
                            text(callback, "lastError"))));
            // Once the personal data is erased a callback has no URL left: nothing to deliver again.
            if ("FAILED".equals(status) && text(callback, "id") != null && !m.has("personalDataErasedAt")) {
                failed.add(new Story.FailedCallback(text(callback, "id"), text(callback, "type")));
            }
        }
        String status = text(m, "status");
        if (!IN_PROGRESS.contains(status)) {
            entries.add(new Story.Entry(time(m, "updatedAt"), tone(status), "Final status: " + status,
                    join(Reasons.forStatus(status), text(m, "lastError"))));
        }
        // Told in the order things follow from each other, not sorted by time: 8x8's summary times have whole
        // seconds only, and sorting would put a call's end before the message was accepted.
        return new Story(facts(m), entries, "QUEUED".equals(status), failed);
    }

    private static Story.Facts facts(JsonNode m) {
        String content = text(m, "text") != null ? "Text: " + text(m, "text")
                : text(m, "audioUrl") != null ? "Audio: " + text(m, "audioUrl") : "(erased)";
        // One object when every call was priced in one currency, a list of them otherwise.
        List<String> costs = new ArrayList<>();
        JsonNode cost = m.path("cost");
        for (JsonNode each : cost.isArray() ? cost : List.of(cost)) {
            if (each.isObject()) {
                costs.add(text(each, "amount") + " " + text(each, "currency"));
            }
        }
        String costText = costs.isEmpty() ? null : String.join(" + ", costs);
        return new Story.Facts(text(m, "id"), text(m, "status"), Reasons.forStatus(text(m, "status")),
                text(m, "destination"), text(m, "source"), text(m, "clientName"), text(m, "clientReference"), content,
                time(m, "validUntil"), time(m, "nextAttemptAt"), text(m, "lastError"), costText);
    }

    private static Story.Entry attempt(JsonNode attempt, String label) {
        String outcome = text(attempt, "outcome");
        Integer code = attempt.path("statusCode").isNumber() ? attempt.path("statusCode").asInt() : null;
        return new Story.Entry(time(attempt, "startedAt"), tone(outcome),
                label + text(attempt, "attemptNumber") + ": " + Reasons.forAttemptOutcome(outcome),
                join(prefixed("HTTP ", text(attempt, "httpStatus")), Reasons.forCode(code, text(attempt, "statusMessage")),
                        prefixed("", text(attempt, "latencyMs"), " ms"), text(attempt, "error")));
    }

    private static void acknowledgement(JsonNode ack, int call, List<Story.Entry> entries) {
        if (!ack.isObject()) {
            return;
        }
        String expected = text(ack, "expectedDigit");
        String pressed = text(ack, "pressed");
        String title = pressed == null ? "Call " + call + ": no key pressed (expected " + expected + ")"
                : "Call " + call + ": pressed " + pressed + " (expected " + expected + ")";
        String tone = pressed != null && pressed.equals(expected) ? "ok" : "warn";
        entries.add(new Story.Entry(time(ack, "at"), tone, title, null));
    }

    /** The summary settled the call (or repeated what settled it); absent outcome: older views, which only had those. */
    private static boolean settled(JsonNode summary) {
        if (!summary.isObject()) {
            return false;
        }
        String outcome = text(summary, "outcome");
        return outcome == null || "APPLIED".equals(outcome) || "DUPLICATE".equals(outcome);
    }

    private static void summary(JsonNode summary, String call, String callStatus, List<Story.Entry> entries) {
        if (!summary.isObject()) {
            return;
        }
        String status = text(summary, "sessionStatus");
        Integer errorCode = summary.path("errorCode").isNumber() ? summary.path("errorCode").asInt() : null;
        Instant at = time(summary, "endTime") != null ? time(summary, "endTime") : time(summary, "receivedAt");
        if (!settled(summary)) {
            // 8x8 (or someone posting by hand) reported an end the call's own history refuses: say so, never that
            // the call ended that way.
            entries.add(new Story.Entry(time(summary, "receivedAt") != null ? time(summary, "receivedAt") : at,
                    "warn", call + ": a session summary said " + status + ", not applied",
                    join("it " + ("CONFLICT".equals(text(summary, "outcome")) ? "conflicts with" : "was ignored for")
                            + " the call's status " + callStatus,
                            "ops can see it under /admin/session-summaries")));
            return;
        }
        entries.add(new Story.Entry(at, tone(status), call + " ended: " + status,
                join(prefixed("connected ", text(summary, "callDuration"), " s"),
                        errorCode == null ? null : Reasons.forCode(errorCode, text(summary, "errorMessage")),
                        prefixed("settled by ", text(summary, "settledBy")))));
    }

    private static void cost(JsonNode cost, String label, Instant at, List<Story.Entry> entries) {
        if (cost.isObject()) {
            entries.add(new Story.Entry(at, "info", label + text(cost, "amount") + " " + text(cost, "currency"),
                    prefixed("billable ", text(cost, "billableSeconds"), " s")));
        }
    }

    private static String role(int number, JsonNode call) {
        String kind = text(call, "kind");
        if (kind == null) {
            return number == 1 ? "first call" : "call " + number;
        }
        return switch (kind) {
            case "FIRST" -> "first call";
            case "REDIAL" -> "redial";
            case "FALLBACK" -> "fallback number";
            default -> kind.toLowerCase(java.util.Locale.ROOT);
        };
    }

    static String tone(String status) {
        if (status == null) {
            return "info";
        }
        if (GOOD.contains(status)) {
            return "ok";
        }
        if (WAITING.contains(status)) {
            return "warn";
        }
        return "bad";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    private static Instant time(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String prefixed(String prefix, String value) {
        return prefixed(prefix, value, "");
    }

    private static String prefixed(String prefix, String value, String suffix) {
        return value == null ? null : prefix + value + suffix;
    }

    private static String join(String... parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                if (!out.isEmpty()) {
                    out.append(" · ");
                }
                out.append(part);
            }
        }
        return out.isEmpty() ? null : out.toString();
    }
}
