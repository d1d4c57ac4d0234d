package com.example.voicegateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.LifetimeProperties;
import com.example.voicegateway.support.IntegrationTest;
import com.example.voicegateway.support.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 20: after {@code gateway.retention.personal-data} nothing anywhere lets anyone recover the person's number,
 * the text, the acknowledge prompt and thanks, the client's reference, the Idempotency-Key or the callback URL. A
 * message that ended NOT_ACKNOWLEDGED (never erased before) gets every column that can hold personal data filled,
 * the sweep runs on a moved clock, and then every row of every table, every API answer, the console and the metrics
 * are searched for what was put in. Late deliveries for the erased message must not bring any of it back.
 */
class PersonalDataErasureTest extends IntegrationTest {

    static final String SECRET = "Bearer test-webhook-secret";
    static final String SESSION = "s-first-call";
    static final String FALLBACK_SESSION = "s-fallback-call";
    static final String TEXT = "Jane Doe, your PIN is 4711";
    static final String PROMPT = "Press 1 Jane, or call +6598765432";
    static final String THANKS = "Thank you Jane, call 0065-9876-5432 with questions";
    static final String REFERENCE = "jane.doe@example.com/order-77";
    static final String IDEMPOTENCY_KEY = "jane.doe@example.com-appointment-2024-05-01";
    static final String CALLBACK_URL = "https://hooks.example.com/people/jane.doe/status?token=s3cr3t-t0ken";

    /** Words only the person's data holds; none may be left anywhere. */
    static final List<String> WORDS = List.of("Jane", "jane", "PIN is", "Press 1", "Thank you", "order-77",
            "appointment", "/people/", "s3cr3t-t0ken", "token=");
    /**
     * The numbers' digits after the country code: the destination, the fallback and the gateway's caller id. Looked
     * for with every separator taken out of the text searched, so no spelling of them escapes.
     */
    static final List<String> DIGITS = List.of("91237777", "98765432", "68880000");

    @Autowired
    RetentionStore store;

    @Autowired
    LifetimeProperties lifetime;

    final MovableClock clock = new MovableClock(Instant.now());
    RetentionSweeper sweeper;

    @BeforeEach
    void sweeperOnTheTestsClock() {
        jdbc.execute("DELETE FROM session_summary");
        jdbc.execute("DELETE FROM call_action_event");
        jdbc.execute("DELETE FROM audit_event");
        sweeper = new RetentionSweeper(store, lifetime.retention(), RetentionProperties.BATCH_SIZE, clock,
                new SimpleMeterRegistry());
    }

    @Test
    void afterErasureNoRowNoAnswerNoPageAndNoCallbackHoldsAnythingOfThePerson() {
        UUID id = notAcknowledgedMessageWithEverythingFilled();
        List<UUID> callbacks = jdbc.queryForList("SELECT id FROM callback_event WHERE message_id = ?", UUID.class, id);
        assertThat(callbacks).as("call 1 ended, the message ended, one still pending").hasSize(3);
        // The test's own check: before the sweep the dump does hold all of it.
        assertThat(dump()).contains(TEXT, PROMPT, THANKS, REFERENCE, IDEMPOTENCY_KEY, CALLBACK_URL, "6591237777",
                "65 9123 7777", "0065-9123-7777", "+65.9123.7777");

        clock.advance(Duration.ofDays(29));
        assertThat(sweeper.sweep().erasedMessages()).as("not a day early").isZero();
        clock.advance(Duration.ofDays(2));
        RetentionSweeper.Swept swept = sweeper.sweep();

        assertThat(swept.erasedMessages()).as("NOT_ACKNOWLEDGED is done: no call pending, none to come").isEqualTo(1);
        assertNothingOfThePerson("every row of every table", dump());
        assertNothingOfThePerson("GET by the client", get("/voice-messages/" + id, ALPHA_KEY).raw().body());
        assertNothingOfThePerson("GET by ops", get("/voice-messages/" + id, OPS_KEY).raw().body());
        assertNothingOfThePerson("the list", get("/voice-messages?size=100", ALPHA_KEY).raw().body());
        assertNothingOfThePerson("callbacks", get("/admin/callbacks?messageId=" + id, OPS_KEY).raw().body());
        assertNothingOfThePerson("summaries", get("/admin/session-summaries?messageId=" + id, OPS_KEY).raw().body());
        assertNothingOfThePerson("audit", get("/admin/audit?messageId=" + id, OPS_KEY).raw().body());
        assertNothingOfThePerson("flagged calls", get("/admin/reconciliations/flagged", OPS_KEY).raw().body());
        assertNothingOfThePerson("metrics", get("/actuator/prometheus", OPS_KEY).raw().body());
        assertNothingOfThePerson("the console", console("/console/messages/" + id));

        // What happened stays: the status, the digit asked for, the deliveries made.
        var view = get("/voice-messages/" + id, OPS_KEY).json();
        assertThat(view.get("status").asString()).isEqualTo("NOT_ACKNOWLEDGED");
        assertThat(view.get("personalDataErasedAt").asString()).isNotBlank();
        assertThat(view.at("/acknowledge/digit").asString()).isEqualTo("1");
        assertThat(view.get("destination").asString()).isEqualTo("+65****7777");
        assertThat(view.get("callbacks")).hasSize(3);

        // A callback not delivered yet is not sent any more, and none can be sent again: its URL is gone.
        assertThat(jdbc.queryForList("SELECT status FROM callback_event WHERE message_id = ?", String.class, id))
                .containsOnly("FAILED");
        for (UUID callback : callbacks) {
            Answer again = send(request("/admin/callbacks/" + callback + "/redeliver", OPS_KEY)
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(again.status()).as(again.raw().body()).isEqualTo(409);
            assertThat(again.json().get("detail").asString()).contains("erased");
        }
        assertThat(jdbc.queryForList("SELECT status FROM callback_event WHERE message_id = ?", String.class, id))
                .containsOnly("FAILED");
        assertNothingOfThePerson("after the refused redeliveries", dump());

        // The same Idempotency-Key is no longer known: it cannot be looked up through a replay either.
        Answer replay = post("/voice-messages", ALPHA_KEY, """
                {"destination":"+6591230000","text":"Hello"}""", IDEMPOTENCY_KEY);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.json().get("id").asString()).isNotEqualTo(id.toString());
    }

    @Test
    void aKeyPressOrSummaryArrivingAfterErasureBringsNothingBackAndChangesNothing() {
        UUID id = notAcknowledgedMessageWithEverythingFilled();
        clock.advance(Duration.ofDays(31));
        assertThat(sweeper.sweep().erasedMessages()).isEqualTo(1);
        int callbacksBefore = jdbc.queryForObject("SELECT count(*) FROM callback_event", Integer.class);

        // The right key, reported late: before erasure it would make the message ACKNOWLEDGED.
        Answer key = callAction(FALLBACK_SESSION, "1", "tel:+65 9876 5432");
        assertThat(key.status()).isEqualTo(200);
        assertThat(key.raw().body()).isEqualTo("{\"callflow\":[{\"action\":\"hangup\"}]}");
        // A session summary redelivered by 8x8, numbers and all.
        Answer summary = summary(id + ":2", FALLBACK_SESSION, "sip:+6598765432@sip.8x8.com");
        assertThat(summary.status()).isEqualTo(200);

        var view = get("/voice-messages/" + id, OPS_KEY).json();
        assertThat(view.get("status").asString()).as("an erased message is a closed record")
                .isEqualTo("NOT_ACKNOWLEDGED");
        assertThat(view.at("/calls/1/status").asString()).isEqualTo("NOT_ACKNOWLEDGED");
        assertThat(jdbc.queryForObject("SELECT outcome FROM call_action_event ORDER BY id DESC LIMIT 1",
                String.class)).isEqualTo("IGNORED");
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM call_action_event WHERE personal_data_erased_at IS NULL""", Integer.class))
                .isZero();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM session_summary WHERE personal_data_erased_at IS NULL""", Integer.class))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM callback_event", Integer.class))
                .as("no callback to tell of a change").isEqualTo(callbacksBefore);
        assertNothingOfThePerson("every row of every table", dump());
        assertNothingOfThePerson("GET", get("/voice-messages/" + id, OPS_KEY).raw().body());
        assertNothingOfThePerson("summaries", get("/admin/session-summaries?messageId=" + id, OPS_KEY).raw().body());
    }

    // ---- the person, everywhere --------------------------------------------------------------------------------

    /**
     * A message with acknowledge, fallback, reference, Idempotency-Key and callback URL; a call action in which the
     * person keyed in their own number instead of 1; 8x8's summary, so the fallback is called, answered, and the
     * message ends NOT_ACKNOWLEDGED with no call left, its callbacks recorded; and every free text beside them
     * quoting the number in another spelling.
     */
    private UUID notAcknowledgedMessageWithEverythingFilled() {
        Answer accepted = post("/voice-messages", ALPHA_KEY, """
                {"destination":"+6591237777","text":"%s","clientReference":"%s",
                 "fallbackDestinations":["+6598765432"],
                 "acknowledge":{"digit":"1","prompt":"%s","thanks":"%s"}}""".formatted(TEXT, REFERENCE, PROMPT,
                THANKS), IDEMPOTENCY_KEY);
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        UUID id = UUID.fromString(accepted.json().get("id").asString());
        // Intake checks callback hosts against settings this context does not have; the column is what matters.
        jdbc.update("UPDATE voice_message SET callback_url = ? WHERE id = ?", CALLBACK_URL, id);
        submit(id, "SUBMITTED", SESSION);
        assertThat(callAction(SESSION, "6591237777", "+65 9123 7777").status()).isEqualTo(200);
        assertThat(summary(id.toString(), SESSION, "tel:+6591237777").json().get("outcome").asString())
                .isEqualTo("APPLIED");
        assertThat(jdbc.queryForObject("SELECT status FROM message_state WHERE id = ?", String.class, id))
                .as("not acknowledged: the fallback is called").isEqualTo("QUEUED");
        jdbc.update("UPDATE voice_call SET status = 'SUBMITTED', session_id = ?, next_attempt_at = NULL WHERE"
                + " message_id = ? AND call_number = 2", FALLBACK_SESSION, id);
        assertThat(summary(id + ":2", FALLBACK_SESSION, "+65 9876 5432").json().get("outcome").asString())
                .isEqualTo("APPLIED");
        assertThat(jdbc.queryForObject("SELECT status FROM message_state WHERE id = ?", String.class, id))
                .as("no call left").isEqualTo("NOT_ACKNOWLEDGED");

        jdbc.update("UPDATE voice_call SET last_error = ?, status_message = ? WHERE message_id = ? AND call_number = 2",
                "8x8 said: busy at +65.9123.7777", "refused tel:0065 9123 7777", id);
        jdbc.update("""
                INSERT INTO dispatch_attempt (message_id, attempt_number, started_at, http_status, status_code,
                    status_message, outcome, error)
                VALUES (?, 1, now(), 200, 1, 'Created for +65 9123 7777', 'CREATED', 'retry: sip:+6591237777@h')""",
                id);
        // A delivery still waiting for its next attempt when the sweep comes.
        jdbc.update("""
                INSERT INTO callback_event (id, message_id, sequence, type, client_name, url, host, payload, status,
                    next_attempt_at, last_error, created_at, updated_at)
                VALUES (?, ?, 99, 'voice_message.not_acknowledged', 'alpha', ?, 'hooks.example.com', ?, 'PENDING',
                    now() + interval '1 day', 'HTTP 500 for 0065-9123-7777', now(), now())""",
                UUID.randomUUID(), id, CALLBACK_URL, """
                {"type":"voice_message.not_acknowledged","data":{"id":"%s","destination":"+6591237777",
                 "text":"%s","clientReference":"%s","callbackUrl":"%s",
                 "acknowledge":{"digit":"1","prompt":"%s","thanks":"%s"}}}""".formatted(id, TEXT, REFERENCE,
                        CALLBACK_URL, PROMPT, THANKS));
        long export = jdbc.queryForObject("""
                INSERT INTO reconcile_export (kind, instance, started_at, span_from, span_to, status)
                VALUES ('RECONCILE', 'test', now(), now(), now(), 'SUCCEEDED') RETURNING id""", Long.class);
        jdbc.update("""
                INSERT INTO reconcile_action (export_id, message_id, at, action, from_status, detail)
                VALUES (?, ?, now(), 'FLAGGED', 'UNKNOWN', ?)""",
                export, id, "left for ops: 2 rows could be the call to 0065-9123-7777");
        jdbc.update("""
                INSERT INTO reconcile_flag (message_id, export_id, flagged_at, candidates, detail)
                VALUES (?, ?, now(), 2, 'left for ops: 2 rows could be the call to +65.9123.7777')""", id, export);
        jdbc.update("""
                INSERT INTO audit_event (occurred_at, actor, action, message_id, outcome, detail)
                VALUES (now(), 'ops', 'message.cancel', ?, 'REFUSED', 'not canceled: asked by tel:+6591237777')""",
                id);
        return id;
    }

    private Answer callAction(String session, String dtmf, String destination) {
        String body = """
                {"namespace":"VOICE","eventType":"CALL_ACTION","payload":{"eventId":"%s",
                  "callId":"627e25f1-133a-11ef-b08c-e33c09483244","sessionId":"%s","callStatus":"ACTION_COMPLETED",
                  "source":"sip:+6568880000@sip.8x8.com","destination":"%s","eventData":{"dtmf":"%s"},
                  "timestamp":"2024-05-16T04:12:11.217Z","clientActionId":"ack for 0065.9123.7777"}}
                """.formatted(UUID.randomUUID(), session, destination, dtmf);
        return send(request("/webhooks/8x8/voice-call-action", null)
                .header("Authorization", SECRET)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** 8x8's documented success summary, the callee spelled as given. */
    private Answer summary(String clientRequestId, String session, String destination) {
        String body = """
                {"payload":{"sessionId":"%s","clientRequestId":"%s","sessionStatus":"COMPLETED",
                  "startTime":"2024-03-25T06:01:30Z","endTime":"2024-03-25T06:01:50Z","lastAction":"MAKE_CALL",
                  "callCount":1,"errorMessage":"callee +65 9123-7777 hung up","details":{"callA":{
                  "callId":"1f048a83-ea6d-11ee-911b-e9023a97c284","callDirection":"OUTBOUND","callType":"PSTN",
                  "initiatedTimestamp":"2024-03-25T06:01:28Z","connectedTimestamp":"2024-03-25T06:01:37Z",
                  "disconnectedTimestamp":"2024-03-25T06:01:50Z","source":"+6568880000","destination":"%s",
                  "callStatus":"COMPLETED","callDuration":13}}},
                 "namespace":"VOICE","eventType":"SESSION_SUMMARY"}""".formatted(session, clientRequestId,
                destination);
        return send(request("/webhooks/8x8/voice-session-summary", null)
                .header("Authorization", SECRET)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    // ---- looking for it --------------------------------------------------------------------------------------

    /** Every row of every table of this run's schema, as text, one line a row. */
    private String dump() {
        List<String> tables = jdbc.queryForList("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name""",
                String.class);
        assertThat(tables).contains("voice_message", "voice_call", "callback_event", "audit_event");
        StringBuilder all = new StringBuilder();
        for (String table : tables) {
            for (String row : jdbc.queryForList("SELECT t::text FROM \"" + table + "\" t", String.class)) {
                all.append(table).append(": ").append(row).append('\n');
            }
        }
        return all.toString();
    }

    /** Fails with the lines that hold any of it, each cut around what was found. */
    private static void assertNothingOfThePerson(String where, String text) {
        List<String> found = new ArrayList<>();
        for (String line : text.split("\n")) {
            for (String word : WORDS) {
                hit(line, line.indexOf(word), word, found);
            }
            // Whatever the spelling: separators, URL encoding and JSON escapes out, digits and the rest remain.
            String joined = line.replace("%20", "").replace("%2B", "+").replaceAll("[\\s.\\-()\\\\]", "");
            for (String digits : DIGITS) {
                hit(joined, joined.indexOf(digits), digits, found);
            }
        }
        assertThat(found).as(where + " holds something of the person").isEmpty();
    }

    private static void hit(String line, int at, String what, List<String> found) {
        if (at >= 0) {
            found.add(what + " in ..." + line.substring(Math.max(0, at - 150), Math.min(line.length(), at + 100))
                    + "...");
        }
    }

    /** A console page as an operator signed in with the ops key sees it. */
    private String console(String path) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        try {
            String form = browser.send(HttpRequest.newBuilder(url("/console/login")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(form);
            assertThat(csrf.find()).as("the sign-in form's CSRF token").isTrue();
            HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(url("/console/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("key=" + OPS_KEY + "&_csrf="
                            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/console");
            HttpResponse<String> page = browser.send(HttpRequest.newBuilder(url(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("NOT_ACKNOWLEDGED");
            return page.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
