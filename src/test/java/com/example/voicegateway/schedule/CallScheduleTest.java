package com.example.voicegateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The rule every call obeys, without dispatch around it. */
class CallScheduleTest {

    /** 09:00-20:00 every day in Singapore: 01:00Z to 12:00Z. */
    private static final DeliveryWindow SINGAPORE_DAY = new DeliveryWindow(LocalTime.of(9, 0), LocalTime.of(20, 0),
            EnumSet.allOf(DayOfWeek.class), ZoneId.of("Asia/Singapore"));

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void withoutSendAtOrWindowOnlyValidUntilCounts() {
        CallSchedule any = new CallSchedule(null, null, at("2026-12-01T10:00:00Z"));
        assertThat(any.callAt(at("2026-12-01T09:00:00Z"))).isEqualTo(new CallSchedule.Go(at("2026-12-01T10:00:00Z")));
        assertThat(any.callAt(at("2026-12-01T10:00:00Z"))).isInstanceOf(CallSchedule.Never.class);
        assertThat(any.later(at("2026-12-01T09:30:00Z"), WaitingFor.RETRY_BACKOFF))
                .isEqualTo(new CallSchedule.Wait(at("2026-12-01T09:30:00Z"), WaitingFor.RETRY_BACKOFF));
        assertThat(any.later(at("2026-12-01T10:00:00Z"), WaitingFor.RETRY_BACKOFF))
                .isInstanceOf(CallSchedule.Never.class);
    }

    @Test
    void nothingStartsBeforeSendAt() {
        CallSchedule tomorrow = new CallSchedule(at("2026-12-02T03:00:00Z"), null, at("2026-12-02T04:00:00Z"));
        assertThat(tomorrow.callAt(at("2026-12-02T02:59:59Z")))
                .isEqualTo(new CallSchedule.Wait(at("2026-12-02T03:00:00Z"), WaitingFor.SEND_AT));
        assertThat(tomorrow.callAt(at("2026-12-02T03:00:00Z"))).isInstanceOf(CallSchedule.Go.class);
    }

    @Test
    void theWindowsCloseCapsTheValidUntilToldTo8x8() {
        CallSchedule windowed = new CallSchedule(null, SINGAPORE_DAY, at("2026-12-02T00:00:00Z"));
        assertThat(windowed.callAt(at("2026-12-01T11:00:00Z")))
                .isEqualTo(new CallSchedule.Go(at("2026-12-01T12:00:00Z")));
        CallSchedule shortLived = new CallSchedule(null, SINGAPORE_DAY, at("2026-12-01T11:30:00Z"));
        assertThat(shortLived.callAt(at("2026-12-01T11:00:00Z")))
                .isEqualTo(new CallSchedule.Go(at("2026-12-01T11:30:00Z")));
    }

    @Test
    void outsideTheWindowTheCallWaitsForTheNextOpening() {
        CallSchedule windowed = new CallSchedule(null, SINGAPORE_DAY, at("2026-12-02T06:00:00Z"));
        assertThat(windowed.callAt(at("2026-12-01T12:00:00Z")))
                .isEqualTo(new CallSchedule.Wait(at("2026-12-02T01:00:00Z"), WaitingFor.DELIVERY_WINDOW));
        // A retry or redial that would land after the close moves to the opening; one inside keeps its reason.
        assertThat(windowed.later(at("2026-12-01T11:59:00Z"), WaitingFor.RETRY_BACKOFF))
                .isEqualTo(new CallSchedule.Wait(at("2026-12-01T11:59:00Z"), WaitingFor.RETRY_BACKOFF));
        assertThat(windowed.later(at("2026-12-01T12:05:00Z"), WaitingFor.REDIAL_INTERVAL))
                .isEqualTo(new CallSchedule.Wait(at("2026-12-02T01:00:00Z"), WaitingFor.DELIVERY_WINDOW));
    }

    @Test
    void whenTheNextOpeningIsTooLateTheMessageEndsSayingWhy() {
        CallSchedule closesTonight = new CallSchedule(null, SINGAPORE_DAY, at("2026-12-02T01:00:00Z"));
        CallSchedule.Verdict verdict = closesTonight.later(at("2026-12-01T12:05:00Z"), WaitingFor.REDIAL_INTERVAL);
        assertThat(verdict).isInstanceOf(CallSchedule.Never.class);
        assertThat(((CallSchedule.Never) verdict).why()).contains("delivery window")
                .contains("2026-12-02T01:00:00Z");
        assertThat(closesTonight.callAt(at("2026-12-01T13:00:00Z"))).isInstanceOf(CallSchedule.Never.class);
    }

    @Test
    void aRetryBeforeSendAtWaitsForSendAt() {
        CallSchedule later = new CallSchedule(at("2026-12-01T05:00:00Z"), SINGAPORE_DAY, at("2026-12-01T06:00:00Z"));
        assertThat(later.later(at("2026-12-01T04:00:00Z"), WaitingFor.RATE_LIMIT))
                .isEqualTo(new CallSchedule.Wait(at("2026-12-01T05:00:00Z"), WaitingFor.SEND_AT));
    }
}
