package com.example.voicegateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The window arithmetic on its own: plain instants in, plain instants out, DST days included. */
class DeliveryWindowTest {

    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    private static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);

    private static DeliveryWindow window(String from, String to, Set<DayOfWeek> days, String zone) {
        return new DeliveryWindow(LocalTime.parse(from), LocalTime.parse(to), days, ZoneId.of(zone));
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void openInsideTheHoursAndClosedOutside() {
        DeliveryWindow singapore = window("09:00", "20:00", WEEKDAYS, "Asia/Singapore");
        // Tuesday 2026-12-01 in Singapore (UTC+8): 09:00 local is 01:00Z, 20:00 local is 12:00Z.
        assertThat(singapore.isOpen(at("2026-12-01T00:59:59Z"))).isFalse();
        assertThat(singapore.isOpen(at("2026-12-01T01:00:00Z"))).isTrue();
        assertThat(singapore.isOpen(at("2026-12-01T11:59:59Z"))).isTrue();
        assertThat(singapore.isOpen(at("2026-12-01T12:00:00Z"))).isFalse();
        assertThat(singapore.closingAfter(at("2026-12-01T05:00:00Z"))).contains(at("2026-12-01T12:00:00Z"));
        assertThat(singapore.closingAfter(at("2026-12-01T13:00:00Z"))).isEmpty();
    }

    @Test
    void nextOpeningIsNowWhenOpenAndTheNextMorningWhenNot() {
        DeliveryWindow singapore = window("09:00", "20:00", WEEKDAYS, "Asia/Singapore");
        Instant midday = at("2026-12-01T04:00:00Z");
        assertThat(singapore.nextOpening(midday))
                .contains(new DeliveryWindow.Opening(midday, at("2026-12-01T12:00:00Z")));
        // 21:00 Tuesday local: Wednesday 09:00 local.
        assertThat(singapore.nextOpening(at("2026-12-01T13:00:00Z")).orElseThrow().start())
                .isEqualTo(at("2026-12-02T01:00:00Z"));
    }

    @Test
    void daysOfTheWeekAreSkippedUntilAListedOne() {
        DeliveryWindow singapore = window("09:00", "20:00", WEEKDAYS, "Asia/Singapore");
        // Friday 2026-12-04 21:00 local: Saturday and Sunday are not listed, so Monday 2026-12-07 09:00 local.
        assertThat(singapore.nextOpening(at("2026-12-04T13:00:00Z")).orElseThrow().start())
                .isEqualTo(at("2026-12-07T01:00:00Z"));
        assertThat(singapore.isOpen(at("2026-12-05T04:00:00Z"))).as("Saturday midday").isFalse();

        DeliveryWindow sundays = window("10:00", "12:00", EnumSet.of(DayOfWeek.SUNDAY), "Asia/Singapore");
        assertThat(sundays.nextOpening(at("2026-12-06T04:00:00Z")).orElseThrow().start())
                .as("Sunday 12:00 local is closed, so the next Sunday").isEqualTo(at("2026-12-13T02:00:00Z"));
    }

    @Test
    void theLocalTimeFollowsDstInBerlin() {
        DeliveryWindow berlin = window("09:00", "17:00", EVERY_DAY, "Europe/Berlin");
        // Saturday 2026-03-28 is still CET (UTC+1); Sunday 2026-03-29 is CEST (UTC+2) from 02:00 local.
        assertThat(berlin.nextOpening(at("2026-03-28T00:00:00Z")).orElseThrow())
                .isEqualTo(new DeliveryWindow.Opening(at("2026-03-28T08:00:00Z"), at("2026-03-28T16:00:00Z")));
        assertThat(berlin.nextOpening(at("2026-03-28T20:00:00Z")).orElseThrow())
                .isEqualTo(new DeliveryWindow.Opening(at("2026-03-29T07:00:00Z"), at("2026-03-29T15:00:00Z")));
        assertThat(berlin.isOpen(at("2026-03-29T15:30:00Z"))).as("16:30 CET would be open, 17:30 CEST is not")
                .isFalse();
        // And back on Sunday 2026-10-25: CEST until 03:00 local, then CET.
        assertThat(berlin.nextOpening(at("2026-10-24T20:00:00Z")).orElseThrow().start())
                .isEqualTo(at("2026-10-25T08:00:00Z"));
    }

    @Test
    void aBoundInsideTheSpringGapIsTheJump() {
        // 2026-03-29 Berlin: 02:00 CET jumps to 03:00 CEST (01:00Z). 02:30 never happens that night.
        DeliveryWindow night = window("02:30", "04:00", EVERY_DAY, "Europe/Berlin");
        assertThat(night.nextOpening(at("2026-03-28T23:00:00Z")).orElseThrow())
                .isEqualTo(new DeliveryWindow.Opening(at("2026-03-29T01:00:00Z"), at("2026-03-29T02:00:00Z")));
        assertThat(night.isOpen(at("2026-03-29T00:59:59Z"))).as("01:59:59 CET").isFalse();

        // A window that lies wholly inside the gap does not exist that day: the next day's opens instead.
        DeliveryWindow inTheGap = window("02:00", "02:45", EVERY_DAY, "America/New_York");
        // 2026-03-08 New York: 02:00 EST jumps to 03:00 EDT (07:00Z). The next day's 02:00 EDT is 06:00Z.
        assertThat(inTheGap.nextOpening(at("2026-03-08T05:00:00Z")).orElseThrow().start())
                .isEqualTo(at("2026-03-09T06:00:00Z"));
    }

    @Test
    void theRepeatedHourAfterTheCloseStaysClosedInNewYork() {
        // 2026-11-01 New York: 02:00 EDT falls back to 01:00 EST; 01:00-02:00 local happens twice.
        DeliveryWindow early = window("00:00", "01:30", EVERY_DAY, "America/New_York");
        // The window closes at the first 01:30 (EDT, 05:30Z) ...
        assertThat(early.closingAfter(at("2026-11-01T05:00:00Z"))).contains(at("2026-11-01T05:30:00Z"));
        // ... and 01:15 EST (06:15Z), the second pass, is after that close.
        assertThat(early.isOpen(at("2026-11-01T06:15:00Z"))).isFalse();
        assertThat(early.nextOpening(at("2026-11-01T06:15:00Z")).orElseThrow().start())
                .as("midnight EST on 2 November").isEqualTo(at("2026-11-02T05:00:00Z"));

        // A window opening inside the repeated hour opens at its first pass.
        DeliveryWindow late = window("01:30", "03:00", EVERY_DAY, "America/New_York");
        assertThat(late.nextOpening(at("2026-11-01T04:00:00Z")).orElseThrow())
                .isEqualTo(new DeliveryWindow.Opening(at("2026-11-01T05:30:00Z"), at("2026-11-01T08:00:00Z")));
    }

    @Test
    void noStartBeforeTheDeadlineIsEmpty() {
        DeliveryWindow singapore = window("09:00", "20:00", WEEKDAYS, "Asia/Singapore");
        Instant evening = at("2026-12-01T13:00:00Z");
        assertThat(singapore.nextStart(evening, at("2026-12-02T01:00:00Z"))).as("until exactly the opening")
                .isEmpty();
        assertThat(singapore.nextStart(evening, at("2026-12-02T01:00:01Z"))).contains(at("2026-12-02T01:00:00Z"));
    }

    @Test
    void refusesAnEmptyOrBackwardWindow() {
        assertThatThrownBy(() -> window("20:00", "09:00", WEEKDAYS, "UTC"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> window("09:00", "20:00", EnumSet.noneOf(DayOfWeek.class), "UTC"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(window("09:00", "20:00", WEEKDAYS, "UTC")).hasToString("09:00-20:00 MON,TUE,WED,THU,FRI UTC");
    }
}
