package com.example.voicegateway.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.time.zone.ZoneOffsetTransition;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Local hours on some days of the week in one time zone, during which a person may be called. Windows never cross
 * midnight, so each local date has at most one, from {@code from} (inclusive) to {@code to} (exclusive).
 *
 * <p>Across DST changes a bound is "the first instant whose local time is at or past it": a bound inside a spring
 * gap (02:30 when clocks jump from 02:00 to 03:00) is the jump itself, and a bound inside an autumn overlap is its
 * first occurrence. The window therefore never opens late, never closes late, and a repeated local hour after the
 * closing bound stays closed.
 */
public record DeliveryWindow(LocalTime from, LocalTime to, Set<DayOfWeek> days, ZoneId zone) {

    /** Days a window can name at most apart: a week, plus one in case a DST gap swallows a whole window. */
    private static final int SEARCH_DAYS = 15;

    public DeliveryWindow {
        if (from == null || to == null || zone == null || days == null || days.isEmpty()) {
            throw new IllegalArgumentException("from, to, a non-empty set of days and a zone are required");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    /** An opening and its closing instant. */
    public record Opening(Instant start, Instant end) {
    }

    /** True when a call may start at {@code at}. */
    public boolean isOpen(Instant at) {
        return openingOn(localDate(at)).filter(o -> !at.isBefore(o.start()) && at.isBefore(o.end())).isPresent();
    }

    /**
     * The window that is open at {@code at}, or the next one to open after it; its start is never before {@code at}
     * (a window already open starts "now"). Empty only when no listed day has a window at all (every one swallowed
     * by DST gaps), which no real zone does.
     */
    public Optional<Opening> nextOpening(Instant at) {
        LocalDate day = localDate(at);
        for (int i = 0; i < SEARCH_DAYS; i++) {
            Optional<Opening> opening = openingOn(day.plusDays(i));
            if (opening.isPresent() && at.isBefore(opening.get().end())) {
                Instant start = opening.get().start().isAfter(at) ? opening.get().start() : at;
                return Optional.of(new Opening(start, opening.get().end()));
            }
        }
        return Optional.empty();
    }

    /** The first instant at or after {@code at}, and before {@code until}, when a call may start. */
    public Optional<Instant> nextStart(Instant at, Instant until) {
        return nextOpening(at).map(Opening::start).filter(start -> start.isBefore(until));
    }

    /** When the window open at {@code at} closes; empty when it is closed at {@code at}. */
    public Optional<Instant> closingAfter(Instant at) {
        return nextOpening(at).filter(o -> !o.start().isAfter(at)).map(Opening::end);
    }

    /** The window on one local date, if that day is listed and DST left any of it. */
    Optional<Opening> openingOn(LocalDate date) {
        if (!days.contains(date.getDayOfWeek())) {
            return Optional.empty();
        }
        Instant start = firstAtOrPast(date.atTime(from));
        Instant end = firstAtOrPast(date.atTime(to));
        return start.isBefore(end) ? Optional.of(new Opening(start, end)) : Optional.empty();
    }

    private Instant firstAtOrPast(LocalDateTime local) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        // Outside a transition the offset is unique; in an overlap atZone picks the earlier offset, the first pass.
        return local.atZone(zone).toInstant();
    }

    private LocalDate localDate(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    /** A window as stored: days as {@link #dayNames()} writes them, the zone by its id. */
    public static DeliveryWindow parse(LocalTime from, LocalTime to, String dayNames, String zone) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String name : dayNames.split(",")) {
            days.add(parseDay(name).orElseThrow(() -> new IllegalArgumentException("not a day: " + name)));
        }
        return new DeliveryWindow(from, to, days, ZoneId.of(zone));
    }

    /** {@code MON}, {@code TUE}, ... as the API and settings spell days. */
    public static String dayName(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT);
    }

    /** The day an API or settings name means, if it is one of {@code MON} ... {@code SUN}. */
    public static Optional<DayOfWeek> parseDay(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            if (dayName(day).equals(name)) {
                return Optional.of(day);
            }
        }
        return Optional.empty();
    }

    /** Days in week order, spelled as the API spells them. */
    public String dayNames() {
        return days.stream().map(DeliveryWindow::dayName).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return from + "-" + to + " " + dayNames() + " " + zone.getId();
    }
}
