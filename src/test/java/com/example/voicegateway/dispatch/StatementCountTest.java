package com.example.voicegateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.support.StatementCounter;
import com.example.voicegateway.support.StatementCounter.Counts;
import com.example.voicegateway.support.StatementCounter.Kind;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The statements and round trips each hot path sends to PostgreSQL (issue 21), counted by a proxy around the
 * application's DataSource on the path's own threads, with each bound at today's figure: a change that adds a
 * statement fails here and must raise the bound on purpose (and the table in docs/design.md, "Statements per
 * path"). A change that saves some is reported, so the bound can come down with it. The table is printed at the end.
 *
 * <p>The dispatch family's context (WireMock as 8x8, the counting proxy installed, no claim loop running): the test
 * claims and sends itself, on its own thread, with the beans the dispatcher uses (a claim as
 * {@code Dispatcher.claimOnce} makes it for one due message, then what {@code Dispatcher.runOnce} does with it), so
 * neither the sweeps nor idle polls get in the figures. Messages have no callback URL, like the benchmark's.
 */
class StatementCountTest extends DispatchTestBase {

    static final String SUMMARY = "/webhooks/8x8/voice-session-summary";
    static final String CALL_ACTION = "/webhooks/8x8/voice-call-action";
    static final String SECRET = "Bearer test-webhook-secret";

    /**
     * The paths measured, each bounded by what it sends since the call became the outbox row (issue 21; docs/design.md
     * has the figures from before): {@code bound(SELECT, INSERT, UPDATE, DELETE, other, commits, rollbacks)}.
     */
    enum Path {
        ACCEPT("accept a message (POST /voice-messages)", bound(0, 1, 0, 0, 0, 0, 0)),
        CLAIM("dispatch: the claim (one message due, batch of 50)", bound(3, 0, 2, 0, 0, 2, 0)),
        SEND("dispatch: POST-start mark, POST, 8x8's answer recorded", bound(2, 1, 2, 0, 0, 2, 0)),
        SUMMARY_COMPLETES("session summary COMPLETED: message completed", bound(2, 1, 1, 0, 0, 1, 0)),
        SUMMARY_REDIALS("session summary NO_ANSWER: redial planned", bound(2, 1, 1, 0, 1, 1, 0)),
        KEY_PRESS("key press (Voice Call Action): message acknowledged", bound(2, 1, 1, 0, 0, 1, 0)),
        SUMMARY_AFTER_KEY("session summary after the key press (DUPLICATE)", bound(2, 1, 1, 0, 0, 1, 0));

        final String title;
        final Bound bound;

        Path(String title, Bound bound) {
            this.title = title;
            this.bound = bound;
        }
    }

    record Bound(Map<Kind, Integer> statements, int commits, int rollbacks) {

        int statementCount() {
            return statements.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    static Bound bound(int select, int insert, int update, int delete, int other, int commits, int rollbacks) {
        Map<Kind, Integer> statements = new EnumMap<>(Kind.class);
        statements.put(Kind.SELECT, select);
        statements.put(Kind.INSERT, insert);
        statements.put(Kind.UPDATE, update);
        statements.put(Kind.DELETE, delete);
        statements.put(Kind.OTHER, other);
        return new Bound(statements, commits, rollbacks);
    }

    static final String OWNER = "statement-count";

    @Autowired
    StatementCounter counter;

    final Map<Path, Counts> measured = new EnumMap<>(Path.class);
    CallSender sender;
    OutcomeRecorder recorder;

    @BeforeEach
    void senderAndRecorder() {
        sender = new CallSender(client, resilience, health, metrics, outbox, settings, retries,
                eightByEight.callTimeout(), clock,
                gate, placement);
        recorder = new OutcomeRecorder(outbox, metrics, events, retries, clock, () -> { });
        stubCreated();
    }

    // Each path runs once before it is measured: the figures are a warm gateway's, whatever a first use may load.

    @Test
    void acceptingAMessage() {
        accept(plain());
        measure(Path.ACCEPT, () -> accept(plain()));
    }

    @Test
    void oneDispatch() {
        UUID warmUp = accept(plain());
        dispatch(claim(warmUp));
        UUID id = accept(plain());

        ClaimedMessage claimed = measureValue(Path.CLAIM, () -> claim(id));
        measure(Path.SEND, () -> dispatch(claimed));

        assertThat(status(id)).isEqualTo("SUBMITTED");
    }

    @Test
    void aSummaryThatCompletesTheMessage() {
        UUID warmUp = submitted(plain());
        summary(warmUp, "COMPLETED", "APPLIED");
        UUID id = submitted(plain());

        measure(Path.SUMMARY_COMPLETES, () -> summary(id, "COMPLETED", "APPLIED"));

        assertThat(status(id)).isEqualTo("COMPLETED");
    }

    @Test
    void aSummaryThatLeadsToARedial() {
        String redial = """
                {"destination": "+6591234567", "text": "Your courier is at the door.",
                 "redial": {"maxCalls": 2, "interval": "PT5M", "on": ["NO_ANSWER"]}}""";
        UUID warmUp = submitted(redial);
        summary(warmUp, "NO_ANSWER", "APPLIED");
        UUID id = submitted(redial);

        measure(Path.SUMMARY_REDIALS, () -> summary(id, "NO_ANSWER", "APPLIED"));

        assertThat(status(id)).isEqualTo("QUEUED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM voice_call WHERE message_id = ?", Integer.class, id))
                .isEqualTo(2);
    }

    @Test
    void aKeyPressThatAcknowledgesTheMessage() {
        String acknowledge = """
                {"destination": "+6591234567", "text": "The server room is on fire.",
                 "acknowledge": {"digit": "1", "thanks": "Thank you. Goodbye."}}""";
        UUID warmUp = submitted(acknowledge);
        keyPress(warmUp, "1");
        summary(warmUp, "COMPLETED", "DUPLICATE");
        UUID id = submitted(acknowledge);

        measure(Path.KEY_PRESS, () -> keyPress(id, "1"));
        assertThat(status(id)).isEqualTo("ACKNOWLEDGED");
        // The call ended ACKNOWLEDGED at the key press: its summary is stored, and changes nothing.
        measure(Path.SUMMARY_AFTER_KEY, () -> summary(id, "COMPLETED", "DUPLICATE"));

        assertThat(status(id)).isEqualTo("ACKNOWLEDGED");
    }

    /** The table of docs/design.md ("Statements per path"), in its cells' format, and what each path sent. */
    @AfterAll
    void printTheTable() {
        StringBuilder table = new StringBuilder("\nStatements per path: statements (SELECT/INSERT/UPDATE/DELETE/other)"
                + " · round trips · transactions\n| path | figures |\n|---|---|\n");
        measured.forEach((path, counts) -> table.append("| ").append(path.title).append(" | ").append(cell(counts))
                .append(" |\n"));
        if (measured.containsKey(Path.CLAIM) && measured.containsKey(Path.SEND)) {
            Counts claim = measured.get(Path.CLAIM);
            Counts send = measured.get(Path.SEND);
            List<StatementCounter.Statement> both = new ArrayList<>(claim.statements());
            both.addAll(send.statements());
            table.append("| one dispatch in all (claim + send) | ").append(cell(new Counts(both,
                    claim.commits() + send.commits(), claim.rollbacks() + send.rollbacks()))).append(" |\n");
        }
        measured.forEach((path, counts) -> table.append('\n').append(path).append(":\n").append(listing(counts)));
        System.out.println(table);
    }

    /** One cell of the docs' table: {@code 7 (4/1/2/0/0) · 8 · 1}. */
    static String cell(Counts counts) {
        return counts.statementCount() + " (" + counts.count(Kind.SELECT) + "/" + counts.count(Kind.INSERT) + "/"
                + counts.count(Kind.UPDATE) + "/" + counts.count(Kind.DELETE) + "/" + counts.count(Kind.OTHER)
                + ") · " + counts.roundTrips() + " · " + counts.transactions();
    }

    // ---- measuring -----------------------------------------------------------------------------------------

    <T> T measureValue(Path path, Supplier<T> run) {
        Object[] result = new Object[1];
        Counts counts = counter.measure(StatementCounter.REQUEST_THREADS, () -> result[0] = run.get());
        record(path, counts);
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    void measure(Path path, Runnable run) {
        record(path, counter.measure(StatementCounter.REQUEST_THREADS, run));
    }

    private void record(Path path, Counts counts) {
        measured.put(path, counts);
        assertThat(counts.statements()).as("%s: the counter saw no statement; are the path's threads still named as"
                + " StatementCounter.REQUEST_THREADS expects?", path).isNotEmpty();
        Bound bound = path.bound;
        List<String> over = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (counts.count(kind) > bound.statements().get(kind)) {
                over.add(kind + " " + counts.count(kind) + " > " + bound.statements().get(kind));
            }
        }
        if (counts.commits() > bound.commits()) {
            over.add("commits " + counts.commits() + " > " + bound.commits());
        }
        if (counts.rollbacks() > bound.rollbacks()) {
            over.add("rollbacks " + counts.rollbacks() + " > " + bound.rollbacks());
        }
        assertThat(over).as("%s sends more than its bound; if that is meant, raise the bound in StatementCountTest"
                + " and the table in docs/design.md (\"Statements per path\"). It sent:%n%s", path,
                listing(counts)).isEmpty();
        if (counts.statementCount() < bound.statementCount() || counts.commits() < bound.commits()) {
            System.out.printf("%s now sends less than its bound: lower it in StatementCountTest to %s, %d commit(s)%n",
                    path, cell(counts), counts.commits());
        }
    }

    static String listing(Counts counts) {
        StringBuilder text = new StringBuilder();
        counts.statements().forEach(s -> text.append("  ").append(s.kind()).append(s.autoCommit() ? " (autocommit) "
                : " ").append('[').append(s.thread()).append("] ").append(s.sql()).append('\n'));
        return text.append("  commits ").append(counts.commits()).append(", rollbacks ").append(counts.rollbacks())
                .append('\n').toString();
    }

    // ---- the paths, as production runs them ----------------------------------------------------------------

    static String plain() {
        return "{\"destination\": \"+6591234567\", \"text\": \"Your parcel arrives tomorrow.\"}";
    }

    UUID accept(String body) {
        Answer accepted = post("/voice-messages", ALPHA_KEY, body);
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        return UUID.fromString(accepted.json().get("id").asString());
    }

    /** Accepted, claimed, sent and answered CREATED by 8x8 (session {@code sess-<id>}). */
    UUID submitted(String body) {
        UUID id = accept(body);
        dispatch(claim(id));
        assertThat(status(id)).isEqualTo("SUBMITTED");
        return id;
    }

    /** What the claim loop does when it wakes with free slots and one message is due. */
    ClaimedMessage claim(UUID id) {
        Instant now = clock.instant();
        int want = DispatchProperties.BATCH_SIZE;
        ClaimGate.Claim claim = gate.claim(OWNER, now, now.plus(eightByEight.lease()), want);
        if (claim.drained()) {
            queue.nextDueAt(now);
        }
        assertThat(claim.messages()).extracting(ClaimedMessage::id).containsExactly(id);
        return claim.messages().get(0);
    }

    /** What a dispatch pool thread does with a claimed message. */
    void dispatch(ClaimedMessage claimed) {
        recorder.record(sender.send(claimed, () -> true));
    }

    void summary(UUID id, String sessionStatus, String expectedOutcome) {
        String body = """
                {"namespace": "VOICE", "eventType": "SESSION_SUMMARY",
                 "payload": {"sessionId": "sess-%s", "clientRequestId": "%s", "subAccountId": "acme-sub",
                   "sessionStatus": "%s", "startTime": "2026-12-01T10:00:00Z", "endTime": "2026-12-01T10:00:20Z",
                   "lastAction": "HANGUP", "callCount": 1,
                   "details": {"callA": {"callDirection": "OUTBOUND", "destination": "+6591234567",
                     "callStatus": "%s", "callDuration": 9}}}}
                """.formatted(id, id, sessionStatus, sessionStatus);
        Answer answer = webhook(SUMMARY, body);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(answer.json().get("outcome").asString()).isEqualTo(expectedOutcome);
    }

    void keyPress(UUID id, String digit) {
        String body = """
                {"namespace": "VOICE", "eventType": "CALL_ACTION", "description": "Action request of a call",
                 "payload": {"eventId": "%s", "callId": "c-%s", "sessionId": "sess-%s", "subAccountId": "acme-sub",
                   "callStatus": "ACTION_COMPLETED", "callDirection": "OUTBOUND", "callType": "PSTN",
                   "source": "+6568880000", "destination": "+6591234567", "callDuration": 0,
                   "eventData": {"dtmf": "%s"}, "sipCode": 200, "timestamp": "2026-12-01T10:00:10.000Z",
                   "clientActionId": "ack"}}
                """.formatted(UUID.randomUUID(), id, id, digit);
        Answer answer = webhook(CALL_ACTION, body);
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(answer.raw().body()).contains("Thank you. Goodbye.");
    }

    Answer webhook(String path, String body) {
        return send(request(path, null).header("Content-Type", "application/json").header("Authorization", SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
