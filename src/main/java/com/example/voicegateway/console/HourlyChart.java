package com.example.voicegateway.console;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Messages of the last 24 hours by outcome per hour, drawn as a small SVG on the server: no chart library and no
 * script, and a table beside it carries the same numbers for screen readers.
 */
@Component
class HourlyChart {

    static final int WIDTH = 720;
    static final int HEIGHT = 160;

    enum Group {
        REACHED("Reached", "#2e7d32"),
        NOT_REACHED("Not reached", "#f9a825"),
        FAILED("Failed", "#c62828"),
        IN_PROGRESS("In progress", "#1565c0"),
        CANCELED("Canceled", "#757575");

        final String label;
        final String colour;

        Group(String label, String colour) {
            this.label = label;
            this.colour = colour;
        }

        public String label() {
            return label;
        }

        public String colour() {
            return colour;
        }

        static Group of(String status) {
            return switch (status) {
                case "COMPLETED", "ACKNOWLEDGED" -> REACHED;
                case "NO_ANSWER", "BUSY", "NOT_ACKNOWLEDGED" -> NOT_REACHED;
                case "QUEUED", "SENDING", "SUBMITTED", "UNKNOWN" -> IN_PROGRESS;
                case "CANCELED" -> CANCELED;
                default -> FAILED;
            };
        }
    }

    record Bar(Instant hour, String label, Map<Group, Long> counts, long total) {

        public long count(Group group) {
            return counts.getOrDefault(group, 0L);
        }
    }

    record Rect(double x, double y, double width, double height, String colour, String title) {
    }

    /**
     * @param top   the count at the top of the chart: the busiest hour rounded up to a round number
     * @param ticks the counts marked on the count axis, from {@code top} down to 0, evenly spaced
     * @param hours the hour labels under the bars, one every 3 hours
     */
    record Chart(List<Bar> bars, List<Rect> rects, long max, long top, List<Tick> ticks, List<String> hours,
            Group[] groups) {
    }

    /** A line across the chart at {@code count}, {@code y} in the SVG's units. */
    record Tick(long count, double y) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    HourlyChart(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Chart lastDay() {
        Instant end = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant start = end.minus(24, ChronoUnit.HOURS);
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Instant hour = start.plus(i, ChronoUnit.HOURS);
            bars.add(new Bar(hour, hour.toString().substring(11, 16), new EnumMap<>(Group.class), 0));
        }
        jdbc.query("SELECT date_trunc('hour', created_at) AS hour, status, count(*) AS n FROM message_state"
                + " WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2", rs -> {
                    Instant hour = rs.getTimestamp("hour").toInstant();
                    int index = (int) ChronoUnit.HOURS.between(start, hour);
                    if (index >= 0 && index < 24) {
                        bars.get(index).counts().merge(Group.of(rs.getString("status")), rs.getLong("n"), Long::sum);
                    }
                }, Timestamp.from(start), Timestamp.from(end));
        List<Bar> totalled = bars.stream().map(b -> new Bar(b.hour(), b.label(), b.counts(),
                b.counts().values().stream().mapToLong(Long::longValue).sum())).toList();
        long max = Math.max(1, totalled.stream().mapToLong(Bar::total).max().orElse(0));
        long step = step(max);
        long top = step * ((max + step - 1) / step);
        List<Tick> ticks = new ArrayList<>();
        for (long count = top; count >= 0; count -= step) {
            ticks.add(new Tick(count, HEIGHT - (double) HEIGHT * count / top));
        }
        List<Rect> rects = new ArrayList<>();
        double slot = (double) WIDTH / 24;
        for (int i = 0; i < totalled.size(); i++) {
            Bar bar = totalled.get(i);
            double y = HEIGHT;
            for (Group group : Group.values()) {
                long n = bar.counts().getOrDefault(group, 0L);
                if (n == 0) {
                    continue;
                }
                double h = (double) HEIGHT * n / top;
                y -= h;
                rects.add(new Rect(i * slot + 2, y, slot - 4, h, group.colour(),
                        bar.label() + " UTC: " + n + " " + group.label().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        List<String> hours = new ArrayList<>();
        for (int i = 0; i < totalled.size(); i += 3) {
            hours.add(totalled.get(i).label());
        }
        return new Chart(totalled, rects, max, top, ticks, hours, Group.values());
    }

    /** A round step for at most four intervals up to {@code max}: 1, 2 or 5 times a power of ten. */
    static long step(long max) {
        long magnitude = 1;
        while (true) {
            for (long factor : new long[] {1, 2, 5}) {
                long step = factor * magnitude;
                if (step * 4 >= max) {
                    return step;
                }
            }
            magnitude *= 10;
        }
    }
}
