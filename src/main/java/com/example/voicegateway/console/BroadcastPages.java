package com.example.voicegateway.console;

import com.example.voicegateway.broadcast.BroadcastOutcome;
import com.example.voicegateway.message.MessageStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * What the console shows of a broadcast, told from the JSON of {@code GET /broadcasts/{id}} (the same view the API
 * serialises): its progress as a bar, when it should finish, who canceled it. Pure: a view and the time in, a page
 * model out.
 */
final class BroadcastPages {

    /** The bar's groups, in the order they are drawn, with the chart's colours and the API's meaning. */
    enum Group {
        REACHED(BroadcastOutcome.REACHED, "reached", "Reached", "#2e7d32"),
        NOT_REACHED(BroadcastOutcome.NOT_REACHED, "notReached", "Not reached", "#f9a825"),
        FAILED(BroadcastOutcome.FAILED, "failed", "Failed", "#c62828"),
        CANCELED(BroadcastOutcome.CANCELED, "canceled", "Canceled", "#757575"),
        SUPPRESSED(BroadcastOutcome.SUPPRESSED, "suppressed", "Do not call", "#6a1b9a");

        final BroadcastOutcome outcome;
        final String progressField;
        final String label;
        final String colour;

        Group(BroadcastOutcome outcome, String progressField, String label, String colour) {
            this.outcome = outcome;
            this.progressField = progressField;
            this.label = label;
            this.colour = colour;
        }

        public String label() {
            return label;
        }

        public String colour() {
            return colour;
        }

        static Group of(BroadcastOutcome outcome) {
            for (Group group : values()) {
                if (group.outcome == outcome) {
                    return group;
                }
            }
            throw new IllegalArgumentException("No group for " + outcome);
        }
    }

    /** One coloured part of the bar, {@code x} and {@code width} in percent of the recipients. */
    record Segment(Group group, long count, double x, double width) {

        public String colour() {
            return group.colour;
        }

        public String title() {
            return count + " " + group.label.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A broadcast in a line: the list's row and the head of its page.
     *
     * @param percent  finished of recipients, rounded down (100 only when every message is final)
     * @param progress the bar in words, for screen readers and the eye: "7 of 10 finished: 5 reached, ..."
     * @param estimate when it finishes, in words; {@code estimatedAt} the time itself when there is one
     */
    record Summary(String id, String client, Instant createdAt, long recipients, String state, String tone,
            long finished, long remaining, long percent, List<Segment> segments, String progress,
            Instant estimatedAt, String estimate) {
    }

    /** A status and how many of the broadcast's messages have it. */
    record Count(String status, long count, String tone) {
    }

    /**
     * A broadcast's page, above its chart and messages.
     *
     * @param canceled    who canceled it and when, in words; null if nobody did
     * @param queued      its messages still QUEUED: what a cancel would stop
     * @param cancellable whether it runs and any of its messages is still QUEUED, so a cancel would stop something
     */
    record Detail(Summary summary, List<Count> counts, Instant firstCallAt, Instant lastActivityAt,
            Instant completedAt, String pace, int rejected, String priority, String callbacks, String canceled,
            long queued, boolean cancellable) {
    }

    private BroadcastPages() {
    }

    static Summary summary(JsonNode view, Instant now) {
        long recipients = view.path("recipients").asLong();
        JsonNode progress = view.path("progress");
        long finished = progress.path("finished").asLong();
        long remaining = progress.path("remaining").asLong();
        List<Segment> segments = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        double x = 0;
        for (Group group : Group.values()) {
            long count = progress.path(group.progressField).asLong();
            if (count == 0) {
                continue;
            }
            double width = recipients == 0 ? 0 : 100.0 * count / recipients;
            segments.add(new Segment(group, count, x, width));
            parts.add(count + " " + group.label.toLowerCase(Locale.ROOT));
            x += width;
        }
        long percent = recipients == 0 ? 100 : finished * 100 / recipients;
        String words = finished + " of " + recipients + " finished (" + percent + " %)"
                + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
        String state = text(view, "state");
        Instant estimatedAt = time(view, "estimatedCompletionAt");
        return new Summary(text(view, "id"), text(view, "clientName"), time(view, "createdAt"), recipients, state,
                "COMPLETED".equals(state) ? "ok" : "info", finished, remaining, percent, List.copyOf(segments), words,
                estimatedAt, estimate(view, state, estimatedAt, now));
    }

    static Detail detail(JsonNode view, Instant now) {
        Summary summary = summary(view, now);
        List<Count> counts = new ArrayList<>();
        JsonNode byStatus = view.path("byStatus");
        for (MessageStatus status : MessageStatus.values()) {
            long count = byStatus.path(status.name()).asLong();
            if (count > 0) {
                counts.add(new Count(status.name(), count, StoryTeller.tone(status.name())));
            }
        }
        double perMinute = view.path("progress").path("perMinute").asDouble();
        String pace = perMinute > 0 && "RUNNING".equals(summary.state()) ? String.format(Locale.ROOT, "%.1f messages finished a minute over the last 5"
                + " minutes", perMinute) : null;
        boolean callbacksPerMessage = view.path("messageCallbacks").asBoolean();
        String callbackUrl = text(view, "callbackUrl");
        String callbacks = (callbacksPerMessage ? "each message's own" : "none per message")
                + (callbackUrl == null ? "" : "; broadcast.completed to " + callbackUrl);
        long queued = byStatus.path("QUEUED").asLong();
        return new Detail(summary, List.copyOf(counts), time(view, "firstCallAt"), time(view, "lastActivityAt"),
                time(view, "completedAt"), pace, view.path("rejected").asInt(), text(view, "priority"), callbacks,
                canceled(view), queued, "RUNNING".equals(summary.state()) && queued > 0);
    }

    private static String estimate(JsonNode view, String state, Instant estimatedAt, Instant now) {
        if ("COMPLETED".equals(state)) {
            Instant at = time(view, "completedAt");
            if (at == null) {
                at = time(view, "lastActivityAt");
            }
            return at == null ? "Finished" : "Finished " + StoryTeller.when(at);
        }
        if (estimatedAt != null) {
            return "About " + StoryTeller.when(estimatedAt) + " (" + StoryTeller.relative(estimatedAt, now) + ")";
        }
        if (time(view, "firstCallAt") == null) {
            return "No estimate yet: no call placed so far";
        }
        return "No estimate now: no message finished in the last 5 minutes";
    }

    /**
     * A client can cancel only its own broadcast, and its key's name is the client's: any other name is an ops key.
     */
    private static String canceled(JsonNode view) {
        Instant at = time(view, "canceledAt");
        if (at == null) {
            return null;
        }
        String by = text(view, "canceledBy");
        String who = by == null ? "" : by.equals(text(view, "clientName"))
                ? " by client “" + by + "” with its own API key" : " by ops key “" + by + "”";
        return "Canceled " + StoryTeller.when(at) + who + ": its queued messages were canceled, calls under way went on";
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
}
