package com.example.voicegateway.console;

import com.example.voicegateway.phone.PhoneNumbers;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Turns the JSON of {@code GET /voice-messages/{id}} into a story. It reads the view rather than the tables, so a
 * message looks the same in the console as to the sender, and members a feature adds (calls, acknowledgements,
 * callbacks, cost) show up where they exist and are simply absent where they do not. The audit trail adds what
 * the view cannot know: which ops key acted on the message.
 *
 * <p>Every entry is dated by the gateway's own clock (when it sent, received or decided something), never by 8x8's
 * summary times, which have whole seconds and a clock of their own; entries are then put in time order, and one
 * without a time of its own stays right after the entry it follows from. Nothing is dated in the future: a call
 * that is only planned is told as planned when it was planned, and its due time belongs to "what happens next".
 */
final class StoryTeller {

    /**
     * The words dispatch's {@code CallSender} puts into {@code lastError} when the circuit breaker kept a message
     * from being sent; {@code waitingFor} is then {@code RETRY_BACKOFF} and the view has nothing more specific.
     */
    static final String CIRCUIT_OPEN = "circuit breaker open";

    private static final Set<String> GOOD = Set.of("COMPLETED", "ACKNOWLEDGED", "SUBMITTED", "DELIVERED", "APPLIED");
    private static final Set<String> IN_PROGRESS = Set.of("QUEUED", "SENDING", "SUBMITTED", "UNKNOWN");
    private static final Set<String> WAITING = Set.of("QUEUED", "SENDING", "UNKNOWN", "PENDING", "RETRY",
            "NO_ANSWER", "BUSY", "NOT_ACKNOWLEDGED", "CANCELED", "SUPPRESSED");
    private static final Set<String> FAILURES = Set.of("FAILED", "ERROR", "REJECTED", "EXPIRED", "NOT_PLACED");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * What the story needs besides the message's view.
     *
     * @param now            the gateway's clock: what is due, and nothing told as past after it
     * @param circuitBreaker the 8x8 circuit breaker's state now ({@code CLOSED}, {@code OPEN}...)
     * @param opsActions     the audit trail's entries for this message, oldest first
     */
    record Context(Instant now, String circuitBreaker, List<OpsAction> opsActions) {

        static Context at(Instant now) {
            return new Context(now, "CLOSED", List.of());
        }
    }

    /** One audit-trail entry about the message: an ops key's action, as {@code /admin/audit?messageId=} lists it. */
    record OpsAction(Instant at, String actor, String action, String outcome, String detail) {
    }

    private StoryTeller() {
    }

    static Story tell(JsonNode m, Context context) {
        String status = text(m, "status");
        List<Story.Entry> entries = new ArrayList<>();
        entries.add(accepted(m));
        JsonNode calls = m.path("calls");
        if (calls.isArray() && !calls.isEmpty()) {
            JsonNode previous = null;
            for (JsonNode call : calls) {
                call(m, call, previous, entries);
                previous = call;
            }
        } else {
            // A view without its calls: the message's own fields are its one call's.
            call(m, m, null, entries);
        }
        for (OpsAction action : context.opsActions()) {
            if (!isCancel(action) || !"SUCCEEDED".equals(action.outcome())) {
                entries.add(opsAction(action));
            }
        }
        List<Story.FailedCallback> failed = new ArrayList<>();
        for (JsonNode callback : m.path("callbacks")) {
            entries.add(callback(callback));
            // Once the personal data is erased a callback has no URL left: nothing to deliver again.
            if ("FAILED".equals(text(callback, "status")) && text(callback, "id") != null
                    && !m.has("personalDataErasedAt")) {
                failed.add(new Story.FailedCallback(text(callback, "id"), text(callback, "type")));
            }
        }
        if (!IN_PROGRESS.contains(status)) {
            entries.add(finalEntry(m, context));
        }
        return new Story(facts(m, context), waiting(m, context), inTimeOrder(entries), "QUEUED".equals(status),
                failed);
    }

    // ---- the entries -------------------------------------------------------------------------------------------

    private static Story.Entry accepted(JsonNode m) {
        List<String> plan = new ArrayList<>();
        plan.add(prefixed("valid until ", when(time(m, "validUntil"))));
        plan.add(prefixed("reference ", text(m, "clientReference")));
        plan.add(prefixed("not before ", when(time(m, "sendAt"))));
        plan.add(window(m.path("deliveryWindow")) == null ? null : "only " + window(m.path("deliveryWindow")));
        int maxCalls = m.path("redial").path("maxCalls").asInt(1);
        if (maxCalls > 1) {
            plan.add("up to " + maxCalls + " calls " + duration(text(m.path("redial"), "interval")) + " apart on "
                    + list(m.path("redial").path("on")));
        }
        int fallbacks = m.path("fallbackDestinations").size();
        if (fallbacks > 0) {
            plan.add(fallbacks == 1 ? "then 1 fallback number" : "then " + fallbacks + " fallback numbers");
        }
        if (m.path("acknowledge").isObject()) {
            plan.add("asks the person to press " + text(m.path("acknowledge"), "digit"));
        }
        if (m.path("optOut").isObject()) {
            plan.add("lets the person press " + text(m.path("optOut"), "digit") + " to stop these calls");
        }
        for (JsonNode skipped : m.path("skippedFallbacks")) {
            plan.add("fallback " + text(skipped, "destination") + " skipped, "
                    + Reasons.forSuppressed(text(skipped, "suppressedBy"), true));
        }
        return new Story.Entry(time(m, "createdAt"), "info", "Accepted from " + text(m, "clientName"),
                join(plan.toArray(String[]::new)));
    }

    private static void call(JsonNode m, JsonNode call, JsonNode previous, List<Story.Entry> entries) {
        int number = call.path("number").asInt(1);
        String label = "Call " + number;
        String status = text(call, "status");
        if (previous != null) {
            // Planned when the call before it ended: its due time may still be ahead, and is told as what comes next.
            entries.add(new Story.Entry(time(previous, "endedAt"), "info",
                    label + " planned: " + role(number, call) + " to " + text(call, "destination"),
                    join("because call " + (number - 1) + " ended " + text(previous, "status"),
                            prefixed("due at ", when(time(call, "dueAt"))))));
        }
        List<JsonNode> attempts = new ArrayList<>();
        for (JsonNode attempt : m.path("attempts")) {
            if (attempt.path("callNumber").asInt(1) == number) {
                attempts.add(attempt);
            }
        }
        for (int i = 0; i < attempts.size(); i++) {
            entries.add(attempt(attempts.get(i), label, i < attempts.size() - 1 ? attempts.get(i + 1) : null,
                    status));
        }
        JsonNode summary = call.path("summary");
        boolean byExport = "LOG_EXPORT".equals(text(call, "settledBy"));
        if (byExport) {
            entries.add(endedByExport(call, label));
        } else if (settled(summary)) {
            entries.add(ended(call, summary, label));
        } else if ("NOT_PLACED".equals(status)) {
            entries.add(new Story.Entry(time(call, "endedAt"), "bad", label + " was never placed",
                    join(Reasons.forCode(intOrNull(call, "errorCode"), null), "8x8 proved nobody was rung")));
        } else if ("SUPPRESSED".equals(status)) {
            entries.add(new Story.Entry(first(time(call, "endedAt"), time(call, "dueAt")), "warn",
                    label + " was not placed", join(Reasons.forSuppressed(text(call, "suppressedBy"),
                            "FALLBACK".equals(text(call, "kind"))), "nobody was rung")));
        }
        if (summary.isObject() && (byExport || !settled(summary))) {
            entries.add(summaryThatChangedNothing(m, call, summary, attempts, label, byExport));
        }
        String optOutDigit = text(m.path("optOut"), "digit");
        if (text(call, "optedOutAt") != null) {
            entries.add(new Story.Entry(time(call, "optedOutAt"), "warn", label + ": the person pressed "
                    + (optOutDigit == null ? "the opt-out key" : optOutDigit) + " to stop these calls",
                    "the number went on the client's do-not-call list; no message of the client is called there"
                            + " again"));
        }
        JsonNode ack = call.path("acknowledgement");
        if (ack.isObject() && text(ack, "pressed") != null && !text(ack, "pressed").equals(optOutDigit)) {
            String expected = text(ack, "expectedDigit");
            String pressed = text(ack, "pressed");
            entries.add(new Story.Entry(time(ack, "at"), pressed.equals(expected) ? "ok" : "warn",
                    label + ": pressed " + pressed + " (expected " + expected + ")",
                    pressed.equals(expected) ? "the person confirmed" : "a wrong key: not a confirmation"));
        }
    }

    private static Story.Entry attempt(JsonNode attempt, String label, JsonNode next, String callStatus) {
        String outcome = text(attempt, "outcome");
        String words = Reasons.forAttemptOutcome(outcome);
        if ("RETRY".equals(outcome) || "AUTH_ERROR".equals(outcome)) {
            words += next != null ? "; tried again" : IN_PROGRESS.contains(callStatus) ? "; to be tried again" : "";
        } else if ("UNKNOWN".equals(outcome)) {
            // Never re-sent on a guess; re-sent once 8x8's log export proved it never placed the call.
            words = next != null
                    ? "no answer from 8x8; its log export later proved the call was never placed, so it was sent"
                            + " again (attempt " + text(next, "attemptNumber") + ")"
                    : "UNKNOWN".equals(callStatus)
                            ? "no answer from 8x8: the call may or may not have been placed; not sent again on a"
                                    + " guess, 8x8's session summary or log export will tell"
                            : "no answer from 8x8: the call may or may not have been placed; not sent again on a"
                                    + " guess";
        }
        Integer code = intOrNull(attempt, "statusCode");
        Integer http = intOrNull(attempt, "httpStatus");
        // 8x8's envelope repeats the HTTP status as its code for some answers (503): one mention is enough.
        String codeWords = "SUBMITTED".equals(outcome) || (code != null && code.equals(http)) ? null
                : Reasons.forCode(code, text(attempt, "statusMessage"));
        String error = text(attempt, "error");
        return new Story.Entry(time(attempt, "startedAt"), tone(outcome),
                label + ", attempt " + text(attempt, "attemptNumber") + ": " + words,
                join(error != null && http != null && error.startsWith("HTTP " + http) ? null
                        : prefixed("HTTP ", text(attempt, "httpStatus")), codeWords,
                        error, prefixed("", text(attempt, "latencyMs"), " ms")));
    }

    /** The summary settled the call (or repeated what settled it); absent outcome: older views, which only had those. */
    private static boolean settled(JsonNode summary) {
        if (!summary.isObject()) {
            return false;
        }
        String outcome = text(summary, "outcome");
        return outcome == null || "APPLIED".equals(outcome) || "DUPLICATE".equals(outcome);
    }

    private static Story.Entry ended(JsonNode call, JsonNode summary, String label) {
        String status = text(summary, "sessionStatus");
        Integer code = intOrNull(summary, "errorCode") != null ? intOrNull(summary, "errorCode")
                : intOrNull(call, "errorCode");
        Instant at = first(time(summary, "receivedAt"), time(call, "endedAt"), time(summary, "endTime"));
        Integer connected = intOrNull(summary, "callDuration");
        return new Story.Entry(at, tone(status), label + " ended: " + status,
                join(Reasons.forCallEnd(status, code, text(summary, "errorMessage")),
                        connected != null && connected > 0 ? "connected " + connected + " s" : null,
                        noKeyPressed(call), cost(call.path("cost")),
                        disagreeing(summary)));
    }

    private static Story.Entry endedByExport(JsonNode call, String label) {
        String status = text(call, "status");
        return new Story.Entry(time(call, "endedAt"), tone(status),
                label + " ended: " + status + ", settled from 8x8's log export",
                join("no session summary came for it; 8x8's own call records (the log export) say how it ended",
                        Reasons.forCallEnd(status, intOrNull(call, "errorCode"), null), noKeyPressed(call),
                        cost(call.path("cost"))));
    }

    /**
     * A summary the call's own history refused: told as news that changed nothing, never as the call's end, and
     * with whether 8x8 ever accepted a call from us at all.
     */
    private static Story.Entry summaryThatChangedNothing(JsonNode m, JsonNode call, JsonNode summary,
            List<JsonNode> attempts, String label, boolean byExport) {
        String outcome = text(summary, "outcome");
        String said = text(summary, "sessionStatus");
        String callStatus = text(call, "status");
        Instant at = first(time(summary, "receivedAt"), time(summary, "endTime"));
        if ("DUPLICATE".equals(outcome) || (byExport && outcome == null)) {
            return new Story.Entry(at, "info", label + ": 8x8's session summary came after the log export",
                    join("it said " + said, "it agrees and changed nothing"));
        }
        String after = "CANCELED".equals(callStatus) || "CANCELED".equals(text(m, "status"))
                ? "after the message was canceled"
                : IN_PROGRESS.contains(callStatus) ? "while " + label.toLowerCase(Locale.ROOT) + " was " + callStatus
                        : "after " + label.toLowerCase(Locale.ROOT) + " had ended " + callStatus;
        return new Story.Entry(at, "warn", "A session summary saying " + said + " arrived " + after
                + "; it changed nothing",
                join((outcome == null ? "IGNORED" : outcome) + ": the message keeps its status " + text(m, "status"),
                        placedByUs(attempts, label), prefixed("8x8 session ", text(summary, "sessionId")),
                        "kept for ops under /admin/session-summaries"));
    }

    /** Whether 8x8 ever accepted a callflow of ours for this call: only then can we have rung anybody. */
    private static String placedByUs(List<JsonNode> attempts, String label) {
        for (JsonNode attempt : attempts) {
            if ("SUBMITTED".equals(text(attempt, "outcome"))) {
                return "8x8 did accept " + label.toLowerCase(Locale.ROOT) + " (attempt "
                        + text(attempt, "attemptNumber") + "): that call was placed";
            }
        }
        for (JsonNode attempt : attempts) {
            if ("UNKNOWN".equals(text(attempt, "outcome"))) {
                return "attempt " + text(attempt, "attemptNumber") + " got no answer from 8x8: that call may have"
                        + " been placed";
            }
        }
        return "nobody was rung by us: 8x8 never accepted a call for it";
    }

    private static Story.Entry opsAction(OpsAction action) {
        String who = "Ops key “" + action.actor() + "”";
        boolean succeeded = "SUCCEEDED".equals(action.outcome());
        String title = switch (action.action()) {
            case "message.cancel" -> who + " tried to cancel it: refused";
            case "callback.redeliver" -> succeeded ? who + " queued a failed callback again"
                    : who + " asked to deliver a callback again: refused";
            default -> who + ": " + action.action() + " " + action.outcome().toLowerCase(Locale.ROOT);
        };
        return new Story.Entry(action.at(), succeeded ? "info" : "warn", title, action.detail());
    }

    private static boolean isCancel(OpsAction action) {
        return "message.cancel".equals(action.action());
    }

    private static Story.Entry callback(JsonNode callback) {
        String status = text(callback, "status");
        Instant at = switch (status == null ? "" : status) {
            case "DELIVERED" -> first(time(callback, "deliveredAt"), time(callback, "lastAttemptAt"));
            case "FAILED" -> first(time(callback, "lastAttemptAt"), time(callback, "createdAt"));
            default -> time(callback, "createdAt");
        };
        int attempts = callback.path("attempts").asInt(0);
        return new Story.Entry(first(at, time(callback, "createdAt")), tone(status),
                "Callback " + text(callback, "type") + ": " + status,
                join(prefixed("to ", text(callback, "host")),
                        attempts == 0 ? null : attempts == 1 ? "1 attempt" : attempts + " attempts",
                        prefixed("last HTTP status ", text(callback, "lastHttpStatus")), text(callback, "lastError"),
                        "PENDING".equals(status) ? prefixed("next try at ", when(time(callback, "nextAttemptAt")))
                                : null));
    }

    private static Story.Entry finalEntry(JsonNode m, Context context) {
        String status = text(m, "status");
        if ("CANCELED".equals(status)) {
            Canceled canceled = canceled(m, context);
            return new Story.Entry(first(canceled.at(), time(m, "updatedAt")), tone(status), "Final status: " + status,
                    canceled.who() + "; no call is placed any more");
        }
        if ("SUPPRESSED".equals(status)) {
            // One clear line: which list, and that nobody was rung for it.
            JsonNode last = lastCall(m);
            return new Story.Entry(time(m, "updatedAt"), tone(status), "Final status: " + status,
                    Reasons.forSuppressed(first(text(m, "suppressedBy"), text(last, "suppressedBy")),
                            "FALLBACK".equals(text(last, "kind"))));
        }
        return new Story.Entry(time(m, "updatedAt"), tone(status), "Final status: " + status,
                join(Reasons.forStatus(status), endReason(m), noFurtherCall(m, status)));
    }

    /** Who canceled the message, and when. */
    private record Canceled(String who, Instant at) {
    }

    private static Canceled canceled(JsonNode m, Context context) {
        OpsAction byOps = context.opsActions().stream()
                .filter(a -> isCancel(a) && "SUCCEEDED".equals(a.outcome())).reduce((a, b) -> b).orElse(null);
        JsonNode last = lastCall(m);
        if (byOps != null) {
            return new Canceled("canceled by ops key “" + byOps.actor() + "”", byOps.at());
        }
        if (settled(last.path("summary")) && "CANCELED".equals(text(last.path("summary"), "sessionStatus"))) {
            return new Canceled("8x8 canceled call " + last.path("number").asInt(1), time(last, "endedAt"));
        }
        // Only an ops key's cancel is audited; any other came from the client's own key.
        return new Canceled("canceled by client “" + text(m, "clientName") + "” with its own API key",
                time(last, "endedAt"));
    }

    /**
     * Why a final message ended as it did: its last error, or else how its last call ended in 8x8's words (a FAILED
     * call from 8x8 has no error code and no last error, and still has a reason).
     */
    private static String endReason(JsonNode m) {
        if (text(m, "lastError") != null) {
            return text(m, "lastError");
        }
        JsonNode last = lastCall(m);
        JsonNode summary = last.path("summary");
        if ("LOG_EXPORT".equals(text(last, "settledBy")) && !GOOD.contains(text(last, "status"))) {
            return "call " + last.path("number").asInt(1) + ": "
                    + Reasons.forCallEnd(text(last, "status"), intOrNull(last, "errorCode"), null);
        }
        if (settled(summary) && !GOOD.contains(text(summary, "sessionStatus"))) {
            return "call " + last.path("number").asInt(1) + ": " + Reasons.forCallEnd(text(summary, "sessionStatus"),
                    first(intOrNull(summary, "errorCode"), intOrNull(last, "errorCode")),
                    text(summary, "errorMessage"));
        }
        return null;
    }

    /** Why a message that ended unreached was not called again, when its own last error does not say. */
    private static String noFurtherCall(JsonNode m, String status) {
        if (text(m, "lastError") != null || !Set.of("NO_ANSWER", "BUSY", "NOT_ACKNOWLEDGED", "FAILED", "ERROR")
                .contains(status)) {
            return null;
        }
        JsonNode redial = m.path("redial");
        int maxCalls = redial.path("maxCalls").asInt(1);
        int fallbacks = m.path("fallbackDestinations").size();
        int made = Math.max(1, m.path("calls").size());
        if (maxCalls <= 1 && fallbacks == 0) {
            return "no further call: one call was asked for";
        }
        if (!contains(redial.path("on"), status)) {
            return "no further call: calls follow only " + list(redial.path("on"));
        }
        return "no further call: all " + made + " calls asked for were made";
    }

    // ---- why it waits --------------------------------------------------------------------------------------

    private static Story.Waiting waiting(JsonNode m, Context context) {
        String status = text(m, "status");
        JsonNode call = lastCall(m);
        String label = "call " + call.path("number").asInt(1);
        String validUntil = prefixed("; no call starts after its validity ends at ", when(time(m, "validUntil")));
        return switch (status == null ? "" : status) {
            case "QUEUED" -> queued(m, call, context, validUntil == null ? "" : validUntil);
            case "SENDING" -> new Story.Waiting("The callflow of " + label + " is being handed to 8x8 right now.",
                    null, null, "8x8's answer decides: accepted, the call is placed; refused, the message ends"
                            + " REJECTED; no answer, it becomes UNKNOWN and is never sent again on a guess.");
            case "SUBMITTED" -> new Story.Waiting("8x8 accepted " + label + " and is placing it.", null, null,
                    "8x8's session summary will say how the call ended; if none comes, 8x8's log export settles it.");
            case "UNKNOWN" -> new Story.Waiting("8x8's answer to " + label + " was lost: the call may or may not"
                    + " have been placed.", null, null, "It is never sent again on a guess: 8x8's session summary or"
                    + " its log export settles it, and a call the export proves never placed is sent again; left"
                    + " unsettled, it ends FAILED.");
            default -> null;
        };
    }

    private static Story.Waiting queued(JsonNode m, JsonNode call, Context context, String validUntil) {
        Instant until = time(m, "nextAttemptAt");
        String waitingFor = text(m, "waitingFor");
        String lastError = text(m, "lastError");
        int number = call.path("number").asInt(1);
        String callWords = "call " + number + (number == 1 ? "" : " (" + role(number, call) + ")") + " to "
                + text(call, "destination");
        boolean due = until == null || !until.isAfter(context.now());
        boolean breakerHolds = !"CLOSED".equals(context.circuitBreaker());
        String why;
        if (due && waitingFor == null) {
            why = breakerHolds
                    ? "It is due, but 8x8's circuit breaker is " + context.circuitBreaker() + ": after repeated"
                            + " failures at 8x8 the dispatcher holds every call back until a trial call succeeds."
                    : "Nothing: it is due and goes out with the dispatcher's next claim.";
        } else if (waitingFor == null) {
            why = "Its next attempt is not due yet.";
        } else {
            why = switch (waitingFor) {
                case "SEND_AT" -> "The sender asked for it to start at " + when(time(m, "sendAt")) + " (sendAt).";
                case "DELIVERY_WINDOW" -> "Its delivery window is closed: it is called only "
                        + window(m.path("deliveryWindow")) + ".";
                case "REDIAL_INTERVAL" -> redialInterval(m, call);
                case "RETRY_BACKOFF" -> lastError != null && lastError.contains(CIRCUIT_OPEN)
                        ? "8x8's circuit breaker opened after repeated failures at 8x8: nothing is sent to 8x8 until"
                                + " a trial call succeeds. Nobody was rung (" + lastError + ")."
                        : "Its last attempt failed without placing a call (" + lastError + "); it is tried again"
                                + " after a pause.";
                case "RATE_LIMIT" -> "8x8's shared call rate or the limit of calls at once is used up: it goes as soon"
                        + " as there is room.";
                case "DAILY_CALL_LIMIT" -> "Its client has used its calls of today to " + country(call, m)
                        + " (max-calls-per-day): nobody was rung, and it goes when the day's calls refill at 00:00 UTC.";
                default -> "waitingFor " + waitingFor + ".";
            };
        }
        String next = capitalised(due ? callWords + ", as soon as it can go" : callWords + " at " + when(until))
                + validUntil + ".";
        return new Story.Waiting(why, until, until == null ? null : relative(until, context.now()), next);
    }

    /** The country of the call's number (the message's when the call has none), in words. */
    private static String country(JsonNode call, JsonNode m) {
        PhoneNumbers.Country country = PhoneNumbers.country(call.path("destination").asString(
                m.path("destination").asString()));
        return country == null ? "its country" : country.describe();
    }

    private static String redialInterval(JsonNode m, JsonNode call) {
        int number = call.path("number").asInt(1);
        JsonNode previous = null;
        for (JsonNode each : m.path("calls")) {
            if (each.path("number").asInt() == number - 1) {
                previous = each;
            }
        }
        String interval = duration(text(m.path("redial"), "interval"));
        String between = interval == null ? "the pause between calls" : "the pause of " + interval + " between calls";
        if (previous == null) {
            return "It waits " + between + ".";
        }
        return "Call " + (number - 1) + " ended " + text(previous, "status") + ", so call " + number + " ("
                + role(number, call) + ") to " + text(call, "destination") + " follows after " + between + ".";
    }

    // ---- facts ---------------------------------------------------------------------------------------------

    private static Story.Facts facts(JsonNode m, Context context) {
        String content = text(m, "text") != null ? "Text: " + text(m, "text")
                : text(m, "audioUrl") != null ? "Audio: " + text(m, "audioUrl") : "(erased)";
        JsonNode template = m.path("template");
        if (template.isObject()) {
            // The text is the rendered one; which template and version it came from is the story's too.
            content = "Template " + text(template, "id") + " version " + template.path("version").asInt() + " · "
                    + content;
        }
        // The calls' sum, present only when they were billed in one currency (each call shows its own otherwise).
        JsonNode cost = m.path("cost");
        String costText = cost.isObject() ? text(cost, "amount") + " " + text(cost, "currency") : null;
        String status = text(m, "status");
        // While a message waits, lastError is what it waits after (a failed try, or the plan of the next call) and
        // is told under "Why it waits"; once final it is the reason it ended.
        String note = IN_PROGRESS.contains(status) ? null
                : "CANCELED".equals(status) ? canceled(m, context).who()
                : "SUPPRESSED".equals(status) ? Reasons.forSuppressed(first(text(m, "suppressedBy"),
                        text(lastCall(m), "suppressedBy")), "FALLBACK".equals(text(lastCall(m), "kind")))
                : endReason(m);
        String noteLabel = note == null ? null : FAILURES.contains(status) ? "Last error" : "Why";
        return new Story.Facts(text(m, "id"), status, Reasons.forStatus(status), text(m, "destination"),
                text(m, "source"), text(m, "clientName"), text(m, "clientReference"), content,
                time(m, "validUntil"), noteLabel, note, costText);
    }

    // ---- order ---------------------------------------------------------------------------------------------

    /**
     * Time order, stable: entries with the same time keep the order they follow from each other in, and one without
     * a time stays right after the entry before it.
     */
    private static List<Story.Entry> inTimeOrder(List<Story.Entry> told) {
        record Keyed(Story.Entry entry, Instant key, int index) {
        }
        List<Keyed> keyed = new ArrayList<>();
        Instant last = Instant.MIN;
        for (int i = 0; i < told.size(); i++) {
            Story.Entry entry = told.get(i);
            if (entry.at() != null) {
                last = entry.at();
            }
            keyed.add(new Keyed(entry, last, i));
        }
        keyed.sort(Comparator.comparing(Keyed::key).thenComparingInt(Keyed::index));
        return keyed.stream().map(Keyed::entry).toList();
    }

    // ---- words ---------------------------------------------------------------------------------------------

    private static String noKeyPressed(JsonNode call) {
        JsonNode ack = call.path("acknowledgement");
        return ack.isObject() && text(ack, "pressed") == null
                ? "no key pressed (expected " + text(ack, "expectedDigit") + ")" : null;
    }

    private static String cost(JsonNode cost) {
        return cost.isObject() ? "cost " + text(cost, "amount") + " " + text(cost, "currency")
                + prefixed(" for ", text(cost, "billableSeconds"), " billable s") : null;
    }

    private static String disagreeing(JsonNode summary) {
        int n = summary.path("disagreeingSummaries").asInt(0);
        return n == 0 ? null : (n == 1 ? "1 later summary" : n + " later summaries")
                + " disagreed and changed nothing (see /admin/session-summaries)";
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
            default -> kind.toLowerCase(Locale.ROOT);
        };
    }

    private static String window(JsonNode window) {
        if (!window.isObject()) {
            return null;
        }
        return "between " + text(window, "from") + " and " + text(window, "to")
                + (window.path("days").isArray() && window.path("days").size() < 7
                        ? " on " + list(window.path("days")) : "")
                + prefixed(" ", text(window, "timeZone"));
    }

    private static JsonNode lastCall(JsonNode m) {
        JsonNode calls = m.path("calls");
        return calls.isArray() && !calls.isEmpty() ? calls.get(calls.size() - 1) : m;
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

    /** "in 4 min 12 s", "now", or "2 min ago" (a due message not yet claimed). */
    static String relative(Instant at, Instant now) {
        Duration d = Duration.between(now, at);
        if (d.abs().toSeconds() < 1) {
            return "now";
        }
        return d.isNegative() ? "due " + span(d.negated()) + " ago" : "in " + span(d);
    }

    private static String span(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " min" + (d.toSecondsPart() == 0 ? "" : " " + d.toSecondsPart() + " s");
        }
        return d.toSeconds() + " s";
    }

    /** An ISO-8601 duration in words: "5 min", "200 ms". */
    private static String duration(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            Duration d = Duration.parse(iso);
            return d.toSeconds() == 0 ? d.toMillis() + " ms" : span(d);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static String capitalised(String words) {
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    static String when(Instant at) {
        return at == null ? null : WHEN.format(at);
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode each : array) {
            if (value.equals(each.asString())) {
                return true;
            }
        }
        return false;
    }

    private static String list(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(each -> values.add(each.asString()));
        return String.join(", ", values);
    }

    private static Integer intOrNull(JsonNode node, String field) {
        return node.path(field).isNumber() ? node.path(field).asInt() : null;
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
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
