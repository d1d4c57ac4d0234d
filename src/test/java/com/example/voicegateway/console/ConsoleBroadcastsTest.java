package com.example.voicegateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.message.BroadcastMessages;
import com.example.voicegateway.message.BroadcastMessages.Finished;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.support.IntegrationTest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's broadcast pages over plain HTTP, signed in as an operator: the ledger's count of finished messages
 * per minute, every client's broadcasts with their progress, a broadcast's page (escaped, numbers masked, its
 * messages linked to their stories) and its cancel, confirmed with the form's token and audited like the API's.
 * {@code ConsoleBrowserTest} has the same pages in a browser, at phone width too.
 */
class ConsoleBroadcastsTest extends IntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

    @Autowired
    BroadcastMessages ledger;

    @Test
    void theLedgerCountsFinishedMessagesPerMinuteByWhenTheirCallEnded() {
        String id = broadcast(ALPHA_KEY, "", "+6591234567", "+6591234568", "+6591234569", "+6591234570");
        List<UUID> messages = messagesOf(id);
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        finish(messages.get(0), "COMPLETED", minute.plusSeconds(10));
        finish(messages.get(1), "NO_ANSWER", minute.plusSeconds(50));
        finish(messages.get(2), "FAILED", minute.plusSeconds(125));
        // A later change to a finished message (here its erasure) is no new finish.
        ledgerRows().update(messages.get(0), "personal_data_erased_at", minute.plus(Duration.ofHours(2)));

        assertThat(ledger.outcomesOverTime(UUID.fromString(id), Duration.ofMinutes(1))).containsExactly(
                new Finished(minute, MessageStatus.COMPLETED, 1),
                new Finished(minute, MessageStatus.NO_ANSWER, 1),
                new Finished(minute.plusSeconds(120), MessageStatus.FAILED, 1));
    }

    @Test
    void theBroadcastsPageListsEveryClientsNewestFirstAndABroadcastsPageEscapesAndMasks() {
        String alpha = broadcast(ALPHA_KEY, "", "+6591234567", "+6591234568");
        clock.advance(Duration.ofSeconds(1));
        String beta = broadcast(BETA_KEY, "", "+6591234569");
        UUID completed = messagesOf(alpha).get(0);
        Instant ended = clock.instant();
        finish(completed, "COMPLETED", ended);
        Session ops = signIn();

        String list = ops.get("/console/broadcasts").raw().body();
        assertThat(list.indexOf(beta)).as("newest first").isPositive().isLessThan(list.indexOf(alpha));
        assertThat(list).contains("aria-label=\"1 of 2 finished (50 %): 1 reached\"")
                .contains("0 of 1 finished (0 %)").contains(">alpha<").contains(">beta<");

        Answer page = ops.get("/console/broadcasts/" + alpha);
        String body = page.raw().body();
        assertThat(page.status()).isEqualTo(200);
        assertThat(body).contains("&lt;b&gt;staff-0&lt;/b&gt;").doesNotContain("<b>staff-0");
        assertThat(body).contains("+65****4567").doesNotContain("+6591234567");
        assertThat(body).contains("href=\"/console/messages/" + completed + "\"");
        assertThat(body).contains("Finished messages per minute, by outcome (UTC)").contains("UTC: 1 reached</title>");
        assertThat(body).contains("Cancel its queued messages…");
        // Its first call went out 20 s before it ended; one finished within the last minute, one is left.
        assertThat(body).contains("<dt>First call</dt><dd>" + StoryTeller.when(ended.minusSeconds(20)) + "</dd>")
                .contains("<dt>Finishes</dt><dd>About ");

        String onlyCompleted = ops.get("/console/broadcasts/" + alpha + "?status=COMPLETED").raw().body();
        assertThat(onlyCompleted).contains("href=\"/console/messages/" + completed + "\"").doesNotContain("+65****4568");
        assertThat(ops.get("/console/broadcasts/" + alpha + "?status=NOPE").raw().body())
                .contains("Status: unknown status NOPE.");
        Answer absent = ops.get("/console/broadcasts/" + UUID.randomUUID());
        assertThat(absent.status()).isEqualTo(404);
        assertThat(absent.raw().body()).contains("No broadcast with id");
        assertThat(ops.get("/console/broadcasts/not-an-id").status()).isEqualTo(404);
    }

    @Test
    void anOperatorCancelsABroadcastAfterConfirmingAndTheCancelIsAuditedUnderTheKeysName() {
        String id = broadcast(ALPHA_KEY, "", "+6591234567", "+6591234568");
        Session ops = signIn();

        Session confirming = ops.page("/console/broadcasts/" + id + "/cancel");
        assertThat(confirming.body()).contains("Cancel this broadcast?").contains("<span>2</span> of its <span>2</span> messages queued");
        // Without the form's token the same POST, with the same session, changes nothing.
        assertThat(confirming.post("/console/broadcasts/" + id + "/cancel", null).status()).isEqualTo(403);
        assertThat(statusesOf(id)).containsOnly("QUEUED");

        Answer canceled = confirming.post("/console/broadcasts/" + id + "/cancel", confirming.csrf());
        assertThat(canceled.status()).isEqualTo(302);
        assertThat(canceled.header("Location")).endsWith("/console/broadcasts/" + id);
        assertThat(statusesOf(id)).containsOnly("CANCELED");
        String after = ops.get("/console/broadcasts/" + id).raw().body();
        assertThat(after).contains("2 queued messages were canceled; calls already under way finish.")
                .contains("by ops key “ops”").doesNotContain("Cancel its queued messages…");
        assertThat(jdbc.queryForList("SELECT actor || ' ' || action || ' ' || outcome FROM audit_event"
                + " WHERE action LIKE 'broadcast.%' AND detail LIKE ?", String.class, "%" + id + "%"))
                .containsExactly("ops broadcast.cancel SUCCEEDED");
        assertThat(get("/broadcasts/" + id, OPS_KEY).json().path("canceledBy").asString()).isEqualTo("ops");
    }

    private String broadcast(String key, String fields, String... numbers) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < numbers.length; i++) {
            rows.add("{\"destination\": \"" + numbers[i] + "\", \"clientReference\": \"<b>staff-" + i + "</b>\"}");
        }
        Answer answer = post("/broadcasts", key, "{\"text\": \"The office is closed today.\"" + fields
                + ", \"recipients\": [" + String.join(", ", rows) + "]}");
        assertThat(answer.status()).isEqualTo(202);
        return answer.json().path("id").asString();
    }

    /** In the order of the request's rows. */
    private List<UUID> messagesOf(String broadcastId) {
        return jdbc.queryForList("SELECT id FROM message_state WHERE broadcast_id = ? ORDER BY client_reference",
                UUID.class, UUID.fromString(broadcastId));
    }

    private List<String> statusesOf(String broadcastId) {
        return jdbc.queryForList("SELECT status FROM message_state WHERE broadcast_id = ?", String.class,
                UUID.fromString(broadcastId));
    }

    /** What settling a message's only call leaves: the outcome, and when the call ended. */
    private void finish(UUID message, String status, Instant endedAt) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("status", status);
        columns.put("started_at", endedAt.minusSeconds(20));
        columns.put("ended_at", endedAt);
        columns.put("next_attempt_at", null);
        ledgerRows().update(message, columns);
    }

    /** A signed-in browser over plain HTTP: its session cookie and the CSRF token of the page it is on. */
    private final class Session {

        private final String cookie;
        private final String csrf;
        private final String body;

        Session(String cookie, String csrf, String body) {
            this.cookie = cookie;
            this.csrf = csrf;
            this.body = body;
        }

        String csrf() {
            return csrf;
        }

        String body() {
            return body;
        }

        Answer get(String path) {
            return send(request(path, null).header("Cookie", "JSESSIONID=" + cookie).GET().build());
        }

        /** Opens a page with a form, to post from it. */
        Session page(String path) {
            Answer page = get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            Matcher token = CSRF.matcher(page.raw().body());
            assertThat(token.find()).as("a CSRF token on " + path).isTrue();
            return new Session(cookie, token.group(1), page.raw().body());
        }

        Answer post(String path, String token) {
            return send(request(path, null).header("Cookie", "JSESSIONID=" + cookie)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(token == null ? "" : "_csrf=" + encode(token))).build());
        }
    }

    private Session signIn() {
        Answer login = send(request("/console/login", null).GET().build());
        Matcher token = CSRF.matcher(login.raw().body());
        assertThat(token.find()).isTrue();
        String cookie = session(login);
        Answer signedIn = send(request("/console/login", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "JSESSIONID=" + cookie)
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + encode(token.group(1)) + "&key=" + OPS_KEY))
                .build());
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).endsWith("/console");
        String signedInCookie = session(signedIn);
        return new Session(signedInCookie != null ? signedInCookie : cookie, null, null);
    }

    private static String session(Answer answer) {
        for (String cookie : answer.raw().headers().allValues("set-cookie")) {
            Matcher session = SESSION.matcher(cookie);
            if (session.find()) {
                return session.group(1);
            }
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
