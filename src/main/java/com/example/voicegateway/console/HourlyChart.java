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

    record Chart(List<Bar> bars, List<Rect> rects, long max, Group[] groups) {
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
                double h = (double) HEIGHT * n / max;
                y -= h;
                rects.add(new Rect(i * slot + 2, y, slot - 4, h, group.colour(),
                        bar.label() + " UTC: " + n + " " + group.label().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        return new Chart(totalled, rects, max, Group.values());
    }
}
