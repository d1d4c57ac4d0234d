package com.example.voicegateway.support;

import com.example.voicegateway.auth.FailedSignIns;
import com.example.voicegateway.config.SandboxProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running gateway on a random port against real PostgreSQL, driven over HTTP the way an outside client would.
 * Rows are removed before each test; the schema belongs to this test run alone (see {@link TestSchemaPerRun}).
 * It runs the {@code sandbox} profile, as most tests need no 8x8 but the emulator; a test of the live configuration
 * (8x8 played by WireMock) extends {@link LiveIntegrationTest}. Every test starts on the system's time
 * ({@link #clock}) with no scheduled reconciliation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({PostgresTestConfiguration.class, TestClockConfiguration.class})
@ActiveProfiles(SandboxProfile.NAME)
public abstract class IntegrationTest {

    public static final String ALPHA_KEY = "alpha-key";
    public static final String BETA_KEY = "beta-key";
    public static final String OPS_KEY = "ops-key";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    private FailedSignIns failedSignIns;

    @Autowired
    private org.springframework.context.ApplicationContext applicationContext;

    /** The application's clock: the system's time at the start of each test, until the test sets or moves it. */
    @Autowired
    protected MovableClock clock;

    @BeforeEach
    void removeRows() {
        clock.followSystem();
        // Where reconciliation is on, its schedules would poll exports and move the clock at moments no test chose:
        // a test runs the reconciler itself.
        ScheduledJobs.cancelIfPresent(applicationContext, "reconcileSchedule", "lastResortSweep");
        // A dispatcher of this context may be claiming right now: the delete can then lose a deadlock, so try again.
        for (int attempt = 1; ; attempt++) {
            try {
                empty("voice_message");
                empty("broadcast");
                break;
            } catch (org.springframework.dao.DataAccessException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
        // 8x8's call rate is one bucket for the whole database, stamped with the clock of whoever took from it last:
        // a test that moved its clock hours away must not leave the next test's dispatcher waiting for hours.
        jdbc.execute("DELETE FROM rate_limit_bucket");
        // The sign-in throttle's buckets went with the rows; its memory of their lockouts goes with them.
        failedSignIns.forgetLockouts();
        jdbc.execute("DELETE FROM dispatch_held_back");
        // The do-not-call lists outlive the messages: each test starts with none.
        jdbc.execute("DELETE FROM suppression");
    }

    /** For each table, the DELETEs that empty it ({@link #empty}), those of tables that refer to others first. */
    private static final java.util.Map<String, String> EMPTYING = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Empties a table and every table that refers to it, however deep, as {@code TRUNCATE ... CASCADE} would, with
     * {@code DELETE}s in one round trip: on the few rows a test leaves they take a millisecond or two, where a
     * {@code TRUNCATE} takes 40 ms (new files for every table it empties), before each of some 600 integration tests.
     * (Spring's {@code JdbcTestUtils.deleteFromTables} would take a round trip and an INFO line per table.)
     */
    protected void empty(String table) {
        jdbc.execute(EMPTYING.computeIfAbsent(table, t -> String.join(";", jdbc.queryForList("""
                WITH RECURSIVE refs(tbl, depth) AS (
                    SELECT to_regclass(?)::oid, 0
                    UNION ALL
                    SELECT c.conrelid, r.depth + 1 FROM pg_constraint c JOIN refs r ON c.confrelid = r.tbl
                     WHERE c.contype = 'f' AND c.conrelid <> c.confrelid AND r.depth < 10)
                SELECT 'DELETE FROM ' || tbl::regclass FROM refs GROUP BY tbl ORDER BY max(depth) DESC, 1
                """, String.class, t))));
    }

    /** Starts the sign-in throttle afresh: every address and key prefix may fail again as if for the first time. */
    protected void forgetFailedSignIns() {
        jdbc.execute("DELETE FROM rate_limit_bucket WHERE id LIKE 'sign-in:%'");
        failedSignIns.forgetLockouts();
    }

    /** The ledger's rows, written the way its commands leave them, for tests that need a message in a state. */
    protected LedgerRows ledgerRows() {
        return new LedgerRows(jdbc);
    }

    /** What dispatch does when 8x8 created the call: the message's current call carries the session. */
    protected void submit(java.util.UUID id, String status, String sessionId) {
        java.util.Map<String, Object> columns = new java.util.LinkedHashMap<>();
        columns.put("status", status);
        columns.put("session_id", sessionId);
        columns.put("next_attempt_at", null);
        ledgerRows().update(id, columns);
    }

    /** An HTTP answer with its body parsed as JSON when it is JSON. */
    public record Answer(int status, HttpResponse<String> raw) {

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    protected Answer post(String path, String apiKey, String json) {
        return post(path, apiKey, json, null);
    }

    protected Answer post(String path, String apiKey, String json, String idempotencyKey) {
        HttpRequest.Builder request = request(path, apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    protected Answer get(String path, String apiKey) {
        return send(request(path, apiKey).GET().build());
    }

    protected HttpRequest.Builder request(String path, String apiKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (apiKey != null) {
            builder.header("X-API-Key", apiKey);
        }
        return builder;
    }

    /**
     * Whether every answer this test reads must be one the OpenAPI document allows ({@link ResponseContract}): yes,
     * but for a test that sends what no client would and reads what the document rightly does not promise.
     */
    protected boolean checksAnswersAgainstTheContract() {
        return true;
    }

    /**
     * A 400's detail joins each field and its message ({@code web.InvalidInput}), so a message that starts with its
     * own field's name reads "validUntil validUntil ...": no answer any test reads may have one.
     */
    private static void noFieldNamedTwice(HttpResponse<String> response) {
        if (response.statusCode() != 400 || !response.body().contains("\"errors\"")
                || !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return;
        }
        for (JsonNode error : JSON.readTree(response.body()).path("errors")) {
            String field = error.path("field").asString();
            String own = field.substring(field.lastIndexOf('.') + 1).replaceAll("\\[.*", "");
            String message = error.path("message").asString();
            if (!own.isEmpty() && (message.equals(own) || message.startsWith(own + " "))) {
                throw new AssertionError("The message of " + field + " starts with its name again: " + message);
            }
        }
    }

    protected Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (checksAnswersAgainstTheContract()) {
                ResponseContract.get().check(request.method(), request.uri().getRawPath(), response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(null), response.body());
            }
            noFieldNamedTwice(response);
            return new Answer(response.statusCode(), response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
