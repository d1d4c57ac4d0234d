package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import tools.jackson.databind.JsonNode;

/**
 * sendAt, delivery windows and priority as a client sends them, with a clock the test sets. The shared test
 * configuration's clients {@code daytime} (a default window of its own, 08:00-21:00 in the destination's zone, as the
 * gateway-wide {@code gateway.delivery-window} would give everyone) and {@code berlin} (10:00-12:00 weekdays in Berlin,
 * LOW) stand in for the defaults; which default wins over which, the global one included, is
 * message.internal.ScheduleResolverTest's (a global window would hold back every other test's messages at night).
 */
class ScheduleIntakeTest extends IntegrationTest {

    /** Tuesday 2026-12-01 12:00 in Singapore, 05:00 in Berlin. */
    static final Instant NOON_IN_SINGAPORE = Instant.parse("2026-12-01T04:00:00Z");
    static final String SINGAPORE = "+6591234567";
    static final String NEW_YORK = "+12125550123";
    /** 08:00-21:00 every day in the destination's zone (src/test/resources/application.properties). */
    static final String DAYTIME_KEY = "daytime-key";
    /** 10:00-12:00 weekdays in Berlin, LOW (src/test/resources/application.properties). */
    static final String BERLIN_KEY = "berlin-key";

    @Autowired
    ConfigurableApplicationContext context;

    @BeforeEach
    void noonInSingapore() {
        clock.set(NOON_IN_SINGAPORE);
    }

    private static String message(String destination, String extra) {
        return "{\"destination\":\"" + destination + "\",\"text\":\"Hello\"" + (extra.isEmpty() ? "" : "," + extra)
                + "}";
    }

    private static String window(String from, String to, String more) {
        return "\"deliveryWindow\":{\"from\":\"" + from + "\",\"to\":\"" + to + "\"" + more + "}";
    }

    private JsonNode accepted(String apiKey, String body) {
        Answer answer = post("/voice-messages", apiKey, body);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        return answer.json();
    }

    private JsonNode rejected(String apiKey, String body, String field) {
        Answer answer = post("/voice-messages", apiKey, body);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("errors").findValuesAsString("field")).as(answer.raw().body()).contains(field);
        return answer.json();
    }

    private Map<String, Object> row(JsonNode view) {
        return jdbc.queryForMap("SELECT * FROM message_state WHERE id = ?", UUID.fromString(view.get("id").asString()));
    }

    @Test
    void sendAtIsWhenTheMessageBecomesDue() {
        Instant tomorrow = NOON_IN_SINGAPORE.plus(Duration.ofHours(22));
        JsonNode view = accepted(DAYTIME_KEY, message(SINGAPORE, "\"sendAt\":\"" + tomorrow + "\""));
        assertThat(view.get("sendAt").asString()).isEqualTo(tomorrow.toString());
        assertThat(view.get("nextAttemptAt").asString()).isEqualTo(tomorrow.toString());
        assertThat(view.get("waitingFor").asString()).isEqualTo("SEND_AT");
        assertThat(view.get("validUntil").asString()).as("sendAt + default-validity")
                .isEqualTo(tomorrow.plus(Duration.ofHours(1)).toString());

        JsonNode stored = get("/voice-messages/" + view.get("id").asString(), DAYTIME_KEY).json();
        assertThat(stored.get("waitingFor").asString()).isEqualTo("SEND_AT");
        assertThat(stored.get("nextAttemptAt").asString()).isEqualTo(tomorrow.toString());

        clock.set(tomorrow);
        assertThat(get("/voice-messages/" + view.get("id").asString(), DAYTIME_KEY).json().has("waitingFor"))
                .as("a wait that has passed is no wait").isFalse();
    }

    @Test
    void aDueMessageWaitsForTheRateLimitOnlyWhileTheDispatchersAreHeldBackByIt() {
        String later = accepted(DAYTIME_KEY, message(SINGAPORE, "\"sendAt\":\"" + NOON_IN_SINGAPORE.plusSeconds(600) + "\""))
                .get("id").asString();
        String due = accepted(DAYTIME_KEY, message(SINGAPORE, "")).get("id").asString();
        assertThat(get("/voice-messages/" + due, DAYTIME_KEY).json().has("waitingFor"))
                .as("due, and nothing holds the dispatchers back").isFalse();

        // What a claim writes when 8x8's shared rate or max-concurrent-calls left due messages behind.
        jdbc.update("INSERT INTO dispatch_held_back (id, until) VALUES (true, ?)",
                java.sql.Timestamp.from(NOON_IN_SINGAPORE.plusSeconds(2)));
        assertThat(get("/voice-messages/" + due, DAYTIME_KEY).json().get("waitingFor").asString())
                .isEqualTo("RATE_LIMIT");
        assertThat(get("/voice-messages/" + later, DAYTIME_KEY).json().get("waitingFor").asString())
                .as("not due yet: its own reason").isEqualTo("SEND_AT");
        assertThat(get("/voice-messages?waitingFor=RATE_LIMIT", DAYTIME_KEY).json().get("items")
                .findValuesAsString("id")).containsExactly(due);
        assertThat(get("/voice-messages?status=QUEUED", DAYTIME_KEY).json().get("items").findValuesAsString("waitingFor"))
                .containsExactlyInAnyOrder("RATE_LIMIT", "SEND_AT");

        clock.set(NOON_IN_SINGAPORE.plusSeconds(3));
        assertThat(get("/voice-messages/" + due, DAYTIME_KEY).json().has("waitingFor"))
                .as("the mark has lapsed: the limits let messages through again").isFalse();
        assertThat(get("/voice-messages?waitingFor=RATE_LIMIT", DAYTIME_KEY).json().get("items")).isEmpty();
    }

    @Test
    void aSendAtWithinTheClockSkewMeansNow() {
        JsonNode view = accepted(DAYTIME_KEY, message(SINGAPORE, "\"sendAt\":\"" + NOON_IN_SINGAPORE.minusSeconds(50) + "\""));
        assertThat(view.get("nextAttemptAt").asString()).isEqualTo(NOON_IN_SINGAPORE.toString());
        assertThat(view.has("waitingFor")).isFalse();
    }

    static Stream<Arguments> badSchedules() {
        Instant now = NOON_IN_SINGAPORE;
        return Stream.of(
                Arguments.of("sendAt in the past", "\"sendAt\":\"" + now.minusSeconds(120) + "\"", "sendAt"),
                Arguments.of("sendAt beyond max-validity", "\"sendAt\":\"" + now.plus(Duration.ofHours(25)) + "\"", "sendAt"),
                Arguments.of("sendAt not an instant", "\"sendAt\":\"tomorrow\"", "sendAt"),
                Arguments.of("validUntil before sendAt", "\"sendAt\":\"" + now.plus(Duration.ofHours(3))
                        + "\",\"validUntil\":\"" + now.plus(Duration.ofHours(2)) + "\"", "validUntil"),
                Arguments.of("validUntil more than max-validity after sendAt", "\"sendAt\":\"" + now.plus(Duration.ofHours(3))
                        + "\",\"validUntil\":\"" + now.plus(Duration.ofHours(28)) + "\"", "validUntil"),
                Arguments.of("from after to", window("20:00", "09:00", ""), "deliveryWindow.to"),
                Arguments.of("from equal to", window("09:00", "09:00", ""), "deliveryWindow.to"),
                Arguments.of("from without minutes", window("9", "20:00", ""), "deliveryWindow.from"),
                Arguments.of("from with one digit hour", window("9:00", "20:00", ""), "deliveryWindow.from"),
                Arguments.of("to of 24:00", window("09:00", "24:00", ""), "deliveryWindow.to"),
                Arguments.of("from missing", "\"deliveryWindow\":{\"to\":\"20:00\"}", "deliveryWindow.from"),
                Arguments.of("day unknown", window("09:00", "20:00", ",\"days\":[\"MON\",\"MONDAY\"]"), "deliveryWindow.days[1]"),
                Arguments.of("day repeated", window("09:00", "20:00", ",\"days\":[\"MON\",\"MON\"]"), "deliveryWindow.days[1]"),
                Arguments.of("zone unknown", window("09:00", "20:00", ",\"timeZone\":\"Mars/Olympus\""), "deliveryWindow.timeZone"),
                Arguments.of("zone as an offset", window("09:00", "20:00", ",\"timeZone\":\"+08:00\""), "deliveryWindow.timeZone"),
                Arguments.of("unknown window member", window("09:00", "20:00", ",\"zone\":\"UTC\""), "deliveryWindow.zone"),
                Arguments.of("window as a string", "\"deliveryWindow\":\"09:00-20:00\"", "deliveryWindow"),
                Arguments.of("priority unknown", "\"priority\":\"URGENT\"", "priority"),
                Arguments.of("priority lower case", "\"priority\":\"high\"", "priority"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void badSchedules(String name, String extra, String field) {
        rejected(DAYTIME_KEY, message(SINGAPORE, extra), field);
    }

    @Test
    void theZoneComesFromTheDestinationsCountry() {
        JsonNode view = accepted(DAYTIME_KEY, message(SINGAPORE, window("09:00", "20:00", "")));
        assertThat(view.get("deliveryWindow").get("timeZone").asString()).isEqualTo("Asia/Singapore");
        assertThat(view.get("deliveryWindow").get("days")).hasSize(7);
        assertThat(row(view)).containsEntry("window_zone", "Asia/Singapore")
                .containsEntry("window_days", "MON,TUE,WED,THU,FRI,SAT,SUN");
    }

    @Test
    void aCountryWithSeveralZonesNeedsTheZone() {
        JsonNode problem = rejected(DAYTIME_KEY, message(NEW_YORK, window("09:00", "20:00", "")),
                "deliveryWindow.timeZone");
        assertThat(problem.get("detail").asString()).contains("several time zones").contains("America/");

        // A default window without a zone cannot be applied to such a number either, and the answer says how out.
        JsonNode defaults = rejected(DAYTIME_KEY, message(NEW_YORK, ""), "deliveryWindow.timeZone");
        assertThat(defaults.get("detail").asString()).contains("gateway.clients.daytime.delivery-window")
                .contains("\"deliveryWindow\": null");

        JsonNode named = accepted(DAYTIME_KEY, message(NEW_YORK, "\"validUntil\":\"" + NOON_IN_SINGAPORE.plus(Duration.ofHours(20))
                + "\"," + window("09:00", "20:00", ",\"timeZone\":\"America/New_York\"")));
        // 23:00 in New York: the window opens at 09:00 EST, 14:00Z.
        assertThat(named.get("nextAttemptAt").asString()).isEqualTo("2026-12-01T14:00:00Z");
        assertThat(named.get("waitingFor").asString()).isEqualTo("DELIVERY_WINDOW");
    }

    @Test
    void aClosedWindowMakesTheMessageWaitForItsOpening() {
        clock.set(Instant.parse("2026-12-01T13:00:00Z")); // 21:00 in Singapore
        JsonNode view = accepted(DAYTIME_KEY, message(SINGAPORE, "\"validUntil\":\"2026-12-02T06:00:00Z\","
                + window("09:00", "20:00", ",\"days\":[\"WED\"]")));
        assertThat(view.get("nextAttemptAt").asString()).isEqualTo("2026-12-02T01:00:00Z");
        assertThat(view.get("waitingFor").asString()).isEqualTo("DELIVERY_WINDOW");
        assertThat(view.get("deliveryWindow").get("days").toString()).isEqualTo("[\"WED\"]");

        // A sendAt inside the window is the wait; a sendAt before it waits for the opening.
        JsonNode sendAtInside = accepted(DAYTIME_KEY, message(SINGAPORE, "\"sendAt\":\"2026-12-02T03:00:00Z\","
                + window("09:00", "20:00", "")));
        assertThat(sendAtInside.get("nextAttemptAt").asString()).isEqualTo("2026-12-02T03:00:00Z");
        assertThat(sendAtInside.get("waitingFor").asString()).isEqualTo("SEND_AT");
        JsonNode sendAtBefore = accepted(DAYTIME_KEY, message(SINGAPORE, "\"sendAt\":\"2026-12-01T15:00:00Z\","
                + "\"validUntil\":\"2026-12-02T06:00:00Z\"," + window("09:00", "20:00", "")));
        assertThat(sendAtBefore.get("nextAttemptAt").asString()).isEqualTo("2026-12-02T01:00:00Z");
        assertThat(sendAtBefore.get("waitingFor").asString()).isEqualTo("DELIVERY_WINDOW");
    }

    @Test
    void aMessageThatCouldNeverBeCalledIsRefused() {
        clock.set(Instant.parse("2026-12-01T13:00:00Z")); // 21:00 in Singapore; default validUntil is 22:00
        JsonNode problem = rejected(DAYTIME_KEY, message(SINGAPORE, window("09:00", "20:00", "")), "validUntil");
        assertThat(problem.get("detail").asString()).contains("ends before the delivery window")
                .contains("2026-12-02T01:00:00Z");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM message_state", Long.class)).isZero();
    }

    @Test
    void theClientsDefaultsApplyUnlessTheMessageSaysOtherwise() {
        // daytime's window names no zone: 08:00-21:00 in the destination's, NORMAL.
        JsonNode zoneless = accepted(DAYTIME_KEY, message(SINGAPORE, ""));
        assertThat(zoneless.get("deliveryWindow").toString())
                .isEqualTo("{\"from\":\"08:00\",\"to\":\"21:00\",\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\","
                        + "\"SAT\",\"SUN\"],\"timeZone\":\"Asia/Singapore\"}");
        assertThat(zoneless.get("priority").asString()).isEqualTo("NORMAL");
        assertThat(row(zoneless)).containsEntry("window_zone", "Asia/Singapore");

        // alpha has no window of its own, and this configuration no global one: any hour.
        JsonNode none = accepted(ALPHA_KEY, message(NEW_YORK, ""));
        assertThat(none.has("deliveryWindow")).isFalse();
        assertThat(none.get("priority").asString()).isEqualTo("NORMAL");

        // berlin's own: 10:00-12:00 weekdays in Berlin, LOW; 05:00 there now, so it waits for 09:00Z.
        JsonNode client = accepted(BERLIN_KEY, message(SINGAPORE, "\"validUntil\":\"2026-12-01T20:00:00Z\""));
        assertThat(client.get("deliveryWindow").get("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(client.get("priority").asString()).isEqualTo("LOW");
        assertThat(client.get("nextAttemptAt").asString()).isEqualTo("2026-12-01T09:00:00Z");

        // The message's own values win over both.
        JsonNode own = accepted(BERLIN_KEY, message(SINGAPORE, "\"priority\":\"HIGH\"," + window("11:00", "13:00", "")));
        assertThat(own.get("deliveryWindow").get("timeZone").asString()).isEqualTo("Asia/Singapore");
        assertThat(own.get("priority").asString()).isEqualTo("HIGH");
        assertThat(own.has("waitingFor")).isFalse();

        // An explicit null: no window at all, called at once even where the default would make it wait.
        JsonNode optOut = accepted(BERLIN_KEY, message(NEW_YORK, "\"deliveryWindow\":null"));
        assertThat(optOut.has("deliveryWindow")).isFalse();
        assertThat(optOut.has("waitingFor")).isFalse();
        assertThat(row(optOut).get("window_from")).isNull();
        assertThat(row(optOut)).containsEntry("priority", "LOW");
    }

    @Test
    void listFiltersByPriorityAndByWhatAMessageWaitsFor() {
        String high = accepted(DAYTIME_KEY, message(SINGAPORE, "\"priority\":\"HIGH\"")).get("id").asString();
        String later = accepted(DAYTIME_KEY, message(SINGAPORE, "\"sendAt\":\"" + NOON_IN_SINGAPORE.plusSeconds(3600) + "\""))
                .get("id").asString();
        String windowed = accepted(BERLIN_KEY, message(SINGAPORE, "\"validUntil\":\"2026-12-01T20:00:00Z\""))
                .get("id").asString();

        assertThat(get("/voice-messages?priority=HIGH", OPS_KEY).json().get("items").findValuesAsString("id"))
                .containsExactly(high);
        assertThat(get("/voice-messages?waitingFor=SEND_AT", OPS_KEY).json().get("items").findValuesAsString("id"))
                .containsExactly(later);
        assertThat(get("/voice-messages?waitingFor=DELIVERY_WINDOW", OPS_KEY).json().get("items")
                .findValuesAsString("id")).containsExactly(windowed);
        assertThat(get("/voice-messages?priority=LOW&waitingFor=DELIVERY_WINDOW", BERLIN_KEY).json().get("items")
                .findValuesAsString("id")).containsExactly(windowed);

        clock.set(NOON_IN_SINGAPORE.plusSeconds(3600));
        assertThat(get("/voice-messages?waitingFor=SEND_AT", OPS_KEY).json().get("items")).isEmpty();

        Answer bad = get("/voice-messages?waitingFor=LUNCH", OPS_KEY);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field")).containsExactly("waitingFor");
        assertThat(get("/voice-messages?priority=URGENT", OPS_KEY).status()).isEqualTo(400);
    }

    @Test
    void aWaitingMessageCanBeCanceled() {
        String id = accepted(DAYTIME_KEY, message(SINGAPORE, "\"sendAt\":\"" + NOON_IN_SINGAPORE.plusSeconds(7200) + "\""))
                .get("id").asString();
        Answer canceled = post("/voice-messages/" + id + "/cancel", DAYTIME_KEY, "");
        assertThat(canceled.status()).as(canceled.raw().body()).isEqualTo(200);
        assertThat(canceled.json().get("status").asString()).isEqualTo("CANCELED");
        assertThat(canceled.json().has("waitingFor")).isFalse();
        assertThat(canceled.json().has("nextAttemptAt")).isFalse();
    }

    /**
     * The local wake-ups intake gives the dispatchers (the NOTIFY comes from the same statement), heard by a listener
     * added to the shared context for this test only. Not {@code @RecordApplicationEvents}: it records the test
     * thread's events, and the intake writer publishes these on its own thread.
     */
    @Test
    void onlyAMessageDueNowWakesTheDispatchers() {
        List<MessagesQueued> wakeups = new CopyOnWriteArrayList<>();
        ApplicationListener<ApplicationEvent> listener = event -> {
            if (event instanceof PayloadApplicationEvent<?> payload
                    && payload.getPayload() instanceof MessagesQueued queued) {
                wakeups.add(queued);
            }
        };
        context.addApplicationListener(listener);
        try {
            accepted(DAYTIME_KEY, message(SINGAPORE, "\"sendAt\":\"" + NOON_IN_SINGAPORE.plusSeconds(600) + "\""));
            clock.set(Instant.parse("2026-12-01T13:00:00Z")); // 21:00 in Singapore: daytime's window has closed
            accepted(DAYTIME_KEY, message(SINGAPORE, "\"validUntil\":\"2026-12-02T06:00:00Z\","
                    + window("09:00", "20:00", "")));
            accepted(DAYTIME_KEY, message(SINGAPORE, "\"deliveryWindow\":null"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !wakeups.isEmpty());
            assertThat(wakeups.stream().mapToInt(MessagesQueued::count).sum()).isEqualTo(1);
        } finally {
            context.removeApplicationListener(listener);
        }
    }

    @Test
    void theScheduleIsPartOfTheIdempotentRequest() {
        String first = message(SINGAPORE, "\"sendAt\":\"" + NOON_IN_SINGAPORE.plusSeconds(600) + "\"");
        String moved = message(SINGAPORE, "\"sendAt\":\"" + NOON_IN_SINGAPORE.plusSeconds(900) + "\"");
        assertThat(post("/voice-messages", DAYTIME_KEY, first, "k-1").status()).isEqualTo(202);
        assertThat(post("/voice-messages", DAYTIME_KEY, first, "k-1").header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(post("/voice-messages", DAYTIME_KEY, moved, "k-1").status()).isEqualTo(422);
    }
}
