package com.example.voicegateway.console;

import com.example.voicegateway.broadcast.BroadcastOutcome;
import com.example.voicegateway.message.BroadcastMessages;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A broadcast's finished messages over time, by outcome, drawn as {@link HourlyChart} draws the last day: an SVG
 * made on the server with a count axis, and a table of the same numbers. The ledger counts per minute
 * ({@link #QUERIED}); a broadcast that ran longer than an hour is shown in wider bars, so there are never more than
 * {@value #MAX_BARS} of them and each stays wide enough to see.
 */
final class BroadcastChart {

    /** What the ledger is asked for: finished messages per minute. */
    static final Duration QUERIED = Duration.ofMinutes(1);
    static final int MAX_BARS = 60;
    /** Labels under the chart: one every sixth of it (so the bars are a multiple of 6). */
    static final int LABELS = 6;
    private static final long[] BAR_MINUTES = {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    record Bar(Instant from, String label, Map<BroadcastPages.Group, Long> counts, long total) {

        public long count(BroadcastPages.Group group) {
            return counts.getOrDefault(group, 0L);
        }
    }

    /**
     * @param per    the bar's width in words: "minute", "5 minutes", "hour"
     * @param labels the times under the bars, one every sixth of the chart
     */
    record Chart(String per, List<Bar> bars, List<HourlyChart.Rect> rects, long top, List<HourlyChart.Tick> ticks,
            List<String> labels, BroadcastPages.Group[] groups) {

        /** The bars with something in them, for the table. */
        public List<Bar> busy() {
            return bars.stream().filter(bar -> bar.total() > 0).toList();
        }
    }

    private BroadcastChart() {
    }

    /** The chart of {@code finished} (the ledger's counts per minute, oldest first); null when nothing finished. */
    static Chart of(List<BroadcastMessages.Finished> finished) {
        if (finished.isEmpty()) {
            return null;
        }
        Instant first = finished.stream().map(BroadcastMessages.Finished::from).min(Instant::compareTo).orElseThrow();
        Instant last = finished.stream().map(BroadcastMessages.Finished::from).max(Instant::compareTo).orElseThrow();
        long minutes = barMinutes(first, last);
        Duration width = Duration.ofMinutes(minutes);
        Instant start = floor(first, width);
        int used = (int) (Duration.between(start, last).toMinutes() / minutes) + 1;
        int count = (used + LABELS - 1) / LABELS * LABELS;
        boolean days = !start.truncatedTo(ChronoUnit.DAYS)
                .equals(start.plus(width.multipliedBy(count - 1)).truncatedTo(ChronoUnit.DAYS));
        DateTimeFormatter format = days ? DAY_AND_TIME : TIME;

        List<Map<BroadcastPages.Group, Long>> counts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            counts.add(new EnumMap<>(BroadcastPages.Group.class));
        }
        for (BroadcastMessages.Finished row : finished) {
            BroadcastOutcome outcome = BroadcastOutcome.of(row.status());
            if (outcome == null) {
                continue;
            }
            int index = (int) (Duration.between(start, row.from()).toMinutes() / minutes);
            counts.get(index).merge(BroadcastPages.Group.of(outcome), row.count(), Long::sum);
        }
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant from = start.plus(width.multipliedBy(i));
            long total = counts.get(i).values().stream().mapToLong(Long::longValue).sum();
            bars.add(new Bar(from, format.format(from), counts.get(i), total));
        }

        long max = Math.max(1, bars.stream().mapToLong(Bar::total).max().orElse(0));
        long step = HourlyChart.step(max);
        long top = step * ((max + step - 1) / step);
        List<HourlyChart.Tick> ticks = new ArrayList<>();
        for (long n = top; n >= 0; n -= step) {
            ticks.add(new HourlyChart.Tick(n, HourlyChart.HEIGHT - (double) HourlyChart.HEIGHT * n / top));
        }
        List<HourlyChart.Rect> rects = new ArrayList<>();
        double slot = (double) HourlyChart.WIDTH / count;
        double gap = Math.min(2, slot / 8);
        for (int i = 0; i < count; i++) {
            Bar bar = bars.get(i);
            double y = HourlyChart.HEIGHT;
            for (BroadcastPages.Group group : BroadcastPages.Group.values()) {
                long n = bar.count(group);
                if (n == 0) {
                    continue;
                }
                double h = (double) HourlyChart.HEIGHT * n / top;
                y -= h;
                rects.add(new HourlyChart.Rect(i * slot + gap, y, slot - 2 * gap, h, group.colour(),
                        bar.label() + " UTC: " + n + " " + group.label().toLowerCase(Locale.ROOT)));
            }
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < count; i += count / LABELS) {
            labels.add(bars.get(i).label());
        }
        return new Chart(per(minutes), bars, rects, top, ticks, labels, BroadcastPages.Group.values());
    }

    /** The narrowest bar that shows {@code first} to {@code last} in at most {@value #MAX_BARS} bars. */
    static long barMinutes(Instant first, Instant last) {
        for (long minutes : BAR_MINUTES) {
            if (fits(first, last, minutes)) {
                return minutes;
            }
        }
        // Longer than 60 days: not a broadcast the validity rules let run, but drawn all the same.
        long minutes = 2 * 1440;
        while (!fits(first, last, minutes)) {
            minutes += 1440;
        }
        return minutes;
    }

    private static boolean fits(Instant first, Instant last, long minutes) {
        return Duration.between(floor(first, Duration.ofMinutes(minutes)), last).toMinutes() / minutes + 1 <= MAX_BARS;
    }

    private static Instant floor(Instant at, Duration width) {
        long seconds = width.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
    }

    private static String per(long minutes) {
        if (minutes == 1) {
            return "minute";
        }
        if (minutes % 1440 == 0) {
            return minutes == 1440 ? "day" : minutes / 1440 + " days";
        }
        if (minutes % 60 == 0) {
            return minutes == 60 ? "hour" : minutes / 60 + " hours";
        }
        return minutes + " minutes";
    }
}
