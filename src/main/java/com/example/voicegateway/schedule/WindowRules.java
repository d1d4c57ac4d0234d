package com.example.voicegateway.schedule;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The rules for a window as a sender or a setting spells it, shared by the request validator and the settings
 * check, so both accept exactly the same windows and name the same mistakes.
 */
public final class WindowRules {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm")
            .withResolverStyle(ResolverStyle.STRICT);

    private WindowRules() {
    }

    /** One broken rule: the field as the caller names it, and what is wrong. */
    public record Problem(String field, String message) {
    }

    /**
     * A parsed window whose zone may still be missing (it then comes from the destination's country).
     */
    public record Spec(LocalTime from, LocalTime to, Set<DayOfWeek> days, ZoneId zone) {

        public DeliveryWindow in(ZoneId zoneToUse) {
            return new DeliveryWindow(from, to, days, zoneToUse);
        }
    }

    /** Field names of one spelling: {@code timeZone} in JSON, {@code time-zone} in settings. */
    public record Names(String from, String to, String days, String zone) {
        public static Names json(String prefix) {
            return new Names(prefix + ".from", prefix + ".to", prefix + ".days", prefix + ".timeZone");
        }

        public static Names setting(String prefix) {
            return new Names(prefix + ".from", prefix + ".to", prefix + ".days", prefix + ".time-zone");
        }
    }

    /** The window, or null with the problems added. {@code days} null means every day. */
    public static Spec parse(Names names, String from, String to, List<String> days, String zone,
            List<Problem> problems) {
        int before = problems.size();
        LocalTime start = time(names.from(), from, problems);
        LocalTime end = time(names.to(), to, problems);
        if (start != null && end != null && !start.isBefore(end)) {
            problems.add(new Problem(names.to(), "must be after from (" + from + "); a window cannot cross midnight"));
        }
        Set<DayOfWeek> weekDays = days(names.days(), days, problems);
        ZoneId zoneId = zone == null ? null : zone(names.zone(), zone, problems);
        return problems.size() == before ? new Spec(start, end, weekDays, zoneId) : null;
    }

    private static LocalTime time(String field, String value, List<Problem> problems) {
        if (value == null) {
            problems.add(new Problem(field, "is required, a local time like 09:00"));
            return null;
        }
        try {
            return LocalTime.parse(value, HH_MM);
        } catch (DateTimeParseException e) {
            problems.add(new Problem(field, "must be a local time HH:mm like 09:00; got " + value));
            return null;
        }
    }

    private static Set<DayOfWeek> days(String field, List<String> names, List<Problem> problems) {
        // Empty is "not given", as generated clients send a list nobody set: every day, like a list left out.
        if (names == null || names.isEmpty()) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < names.size(); i++) {
            var day = DeliveryWindow.parseDay(names.get(i));
            if (day.isEmpty()) {
                problems.add(new Problem(field + "[" + i + "]",
                        "must be one of MON, TUE, WED, THU, FRI, SAT, SUN; got " + names.get(i)));
                return null;
            }
            if (!days.add(day.get())) {
                problems.add(new Problem(field + "[" + i + "]", "repeats " + names.get(i)));
                return null;
            }
        }
        return days;
    }

    private static ZoneId zone(String field, String value, List<Problem> problems) {
        // Region ids only: a fixed offset like +08:00 ignores the DST rules a window is meant to follow.
        if (!ZoneId.getAvailableZoneIds().contains(value)) {
            problems.add(new Problem(field, "must be an IANA time zone like Asia/Singapore; got " + value));
            return null;
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            problems.add(new Problem(field, "must be an IANA time zone like Asia/Singapore; got " + value));
            return null;
        }
    }
}
