package com.example.voicegateway.message.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.config.ClientProperties;
import com.example.voicegateway.config.DeliveryWindowProperties;
import com.example.voicegateway.config.LifetimeProperties;
import com.example.voicegateway.schedule.DeliveryWindow;
import com.example.voicegateway.schedule.Priority;
import com.example.voicegateway.schedule.WaitingFor;
import com.example.voicegateway.web.FieldViolation;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where a message's delivery window and priority come from when it names none: its client's
 * ({@code gateway.clients.<name>.delivery-window.*}, {@code .priority}), else the gateway's
 * ({@code gateway.delivery-window.*}), else none. The global window is tested here rather than over HTTP: set for a
 * whole test context, it would hold back every other test's messages at night (ScheduleIntakeTest covers the rest with
 * clients of their own).
 */
class ScheduleResolverTest {

    /** Tuesday 2026-12-01 12:00 in Singapore, 05:00 in Berlin. */
    private static final Instant NOON_IN_SINGAPORE = Instant.parse("2026-12-01T04:00:00Z");
    private static final String SINGAPORE = "+6591234567";
    private static final String NEW_YORK = "+12125550123";

    private static final LifetimeProperties LIFETIME = new LifetimeProperties(Duration.ofHours(1),
            Duration.ofHours(24), new LifetimeProperties.Retention(Duration.ofDays(30), Duration.ofDays(400)));
    /** 08:00-21:00 every day in the destination's zone. */
    private static final DeliveryWindowProperties GLOBAL = new DeliveryWindowProperties("08:00", "21:00", null, null);
    /** beta's own: 10:00-12:00 weekdays in Berlin, and LOW. */
    private static final ClientProperties BETA = new ClientProperties(null, null, 1, List.of(), null, null,
            new DeliveryWindowProperties("10:00", "12:00", List.of("MON", "TUE", "WED", "THU", "FRI"),
                    "Europe/Berlin"), "LOW", null);

    private final List<FieldViolation> errors = new ArrayList<>();

    private static ScheduleResolver resolver(DeliveryWindowProperties global) {
        return new ScheduleResolver(new ClientPolicies(Map.of("alpha", "alpha-key", "beta", "beta-key"), Map.of(),
                Map.of("beta", BETA), global), LIFETIME);
    }

    private static VoiceMessageRequest request(WindowChoice window, Priority priority) {
        return request(window, priority, null);
    }

    private static VoiceMessageRequest request(WindowChoice window, Priority priority, Instant validUntil) {
        return new VoiceMessageRequest(SINGAPORE, null, "Hello", null, null, null, null, validUntil, null, null, null,
                null, null, null, window, priority, null, null);
    }

    private ScheduleResolver.Schedule resolve(ScheduleResolver resolver, String client, String destination,
            VoiceMessageRequest request) {
        return resolver.resolve(request, client, destination, NOON_IN_SINGAPORE, errors);
    }

    @Test
    void aClientWithoutAWindowOfItsOwnGetsTheGlobalOneInTheDestinationsZone() {
        ScheduleResolver.Schedule schedule = resolve(resolver(GLOBAL), "alpha", SINGAPORE, request(null, null));

        assertThat(errors).isEmpty();
        assertThat(schedule.window()).isEqualTo(new DeliveryWindow(LocalTime.of(8, 0), LocalTime.of(21, 0),
                EnumSet.allOf(DayOfWeek.class), ZoneId.of("Asia/Singapore")));
        assertThat(schedule.priority()).isEqualTo(Priority.NORMAL);
        assertThat(schedule.firstDueAt()).as("noon in Singapore: open").isEqualTo(NOON_IN_SINGAPORE);
        assertThat(schedule.waitingFor()).isNull();

        // 21:00 in Singapore: the global window has closed and opens at 08:00 there.
        List<FieldViolation> late = new ArrayList<>();
        ScheduleResolver.Schedule evening = resolver(GLOBAL).resolve(
                request(null, null, Instant.parse("2026-12-02T06:00:00Z")), "alpha", SINGAPORE,
                Instant.parse("2026-12-01T13:00:00Z"), late);
        assertThat(late).isEmpty();
        assertThat(evening.firstDueAt()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(evening.waitingFor()).isEqualTo(WaitingFor.DELIVERY_WINDOW);
    }

    @Test
    void aClientsOwnWindowAndPriorityWinOverTheGlobalOnes() {
        ScheduleResolver.Schedule schedule = resolve(resolver(GLOBAL), "beta", SINGAPORE,
                request(null, null, Instant.parse("2026-12-01T20:00:00Z")));

        assertThat(errors).isEmpty();
        assertThat(schedule.window()).isEqualTo(new DeliveryWindow(LocalTime.of(10, 0), LocalTime.of(12, 0),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), ZoneId.of("Europe/Berlin")));
        assertThat(schedule.priority()).isEqualTo(Priority.LOW);
        // 05:00 in Berlin: it waits for 10:00 there, 09:00Z.
        assertThat(schedule.firstDueAt()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(schedule.waitingFor()).isEqualTo(WaitingFor.DELIVERY_WINDOW);
    }

    @Test
    void theMessagesOwnValuesWinOverBothAndAnExplicitNullMeansAnyHour() {
        WindowChoice own = new WindowChoice(new DeliveryWindowRequest("11:00", "13:00", null, null));
        ScheduleResolver.Schedule named = resolve(resolver(GLOBAL), "beta", SINGAPORE, request(own, Priority.HIGH));
        assertThat(named.window().zone()).isEqualTo(ZoneId.of("Asia/Singapore"));
        assertThat(named.window().from()).isEqualTo(LocalTime.of(11, 0));
        assertThat(named.priority()).isEqualTo(Priority.HIGH);
        assertThat(named.waitingFor()).isNull();

        ScheduleResolver.Schedule optOut = resolve(resolver(GLOBAL), "alpha", NEW_YORK,
                request(WindowChoice.NO_WINDOW, null));
        assertThat(optOut.window()).isNull();
        assertThat(optOut.waitingFor()).isNull();
        assertThat(errors).isEmpty();
    }

    @Test
    void theGlobalWindowCannotBeAppliedToANumberOfACountryWithSeveralZonesAndTheAnswerSaysHowOut() {
        ScheduleResolver.Schedule schedule = resolve(resolver(GLOBAL), "alpha", NEW_YORK, request(null, null));

        assertThat(schedule).isNull();
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("deliveryWindow.timeZone");
            assertThat(error.message()).contains("for the default window gateway.delivery-window")
                    .contains("several time zones").contains("America/").contains("\"deliveryWindow\": null");
        });
    }

    @Test
    void withoutAGlobalWindowAClientWithoutOneMayBeCalledAtAnyHour() {
        ScheduleResolver.Schedule schedule = resolve(resolver(null), "alpha", NEW_YORK, request(null, null));

        assertThat(errors).isEmpty();
        assertThat(schedule.window()).isNull();
        assertThat(schedule.priority()).isEqualTo(Priority.NORMAL);
        assertThat(schedule.waitingFor()).isNull();
        VoiceMessageRequest untilEvening = request(null, null, Instant.parse("2026-12-01T20:00:00Z"));
        assertThat(resolve(resolver(null), "beta", SINGAPORE, untilEvening).window().zone())
                .as("a client's own window needs no global one").isEqualTo(ZoneId.of("Europe/Berlin"));
    }
}
