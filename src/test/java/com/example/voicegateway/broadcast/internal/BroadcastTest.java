package com.example.voicegateway.broadcast.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Broadcasts over HTTP: intake all or nothing or partial, progress, the messages, cancel, results, completion. */
class BroadcastTest extends IntegrationTest {

    @Autowired
    private BroadcastCompletion completion;

    private static String recipients(String... numbers) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < numbers.length; i++) {
            rows.add("{\"destination\": \"" + numbers[i] + "\", \"clientReference\": \"staff-" + i + "\"}");
        }
        return "[" + String.join(", ", rows) + "]";
    }

    private Answer broadcast(String key, String fields, String recipients) {
        return post("/broadcasts", key, "{" + fields + (fields.isEmpty() ? "" : ", ") + "\"recipients\": "
                + recipients + "}");
    }

    private long stored(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    @Test
    void storesEveryRecipientAsAQueuedMessageAndShowsProgress() {
        Answer answer = broadcast(ALPHA_KEY, "\"text\": \"The office is closed today.\"",
                recipients("+6591234567", "+6591234568", "+6591234569"));

        assertThat(answer.status()).isEqualTo(202);
        String id = answer.json().path("id").asString();
        assertThat(answer.header("Location")).isEqualTo("/broadcasts/" + id);
        assertThat(answer.json().path("recipients").asInt()).isEqualTo(3);
        assertThat(answer.json().path("rejected").asInt()).isZero();

        JsonNode progress = get("/broadcasts/" + id, ALPHA_KEY).json();
        assertThat(progress.path("state").asString()).isEqualTo("RUNNING");
        assertThat(progress.path("byStatus").path("QUEUED").asLong()).isEqualTo(3);
        assertThat(progress.path("byStatus").path("COMPLETED").asLong()).isZero();
        assertThat(progress.path("progress").path("remaining").asLong()).isEqualTo(3);
        assertThat(progress.path("priority").asString()).isEqualTo("LOW");

        JsonNode messages = get("/broadcasts/" + id + "/messages?size=2", ALPHA_KEY).json();
        assertThat(messages.path("totalElements").asLong()).isEqualTo(3);
        assertThat(messages.path("items")).hasSize(2);
        assertThat(messages.path("items").get(0).path("text").asString()).isEqualTo("The office is closed today.");
        assertThat(get("/broadcasts/" + id + "/messages?clientReference=staff-1", ALPHA_KEY).json()
                .path("items").get(0).path("destination").asString()).isEqualTo("+6591234568");

        assertThat(get("/broadcasts/" + id, BETA_KEY).status()).isEqualTo(404);
        assertThat(get("/broadcasts/" + id + "/messages", BETA_KEY).status()).isEqualTo(404);
        assertThat(get("/broadcasts/" + id, OPS_KEY).status()).isEqualTo(200);
        assertThat(get("/broadcasts", ALPHA_KEY).json().path("items").get(0).path("id").asString()).isEqualTo(id);
        assertThat(get("/broadcasts", BETA_KEY).json().path("items")).isEmpty();
    }

    @Test
    void oneBadRowRefusesTheWholeBroadcastNamingEveryBadRow() {
        Answer answer = broadcast(ALPHA_KEY, "\"text\": \"Closed.\"",
                recipients("+6591234567", "12", "+6591234569", "not a number"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("invalidRows").asInt()).isEqualTo(2);
        JsonNode errors = answer.json().path("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).path("row").asInt()).isEqualTo(2);
        assertThat(errors.get(0).path("field").asString()).isEqualTo("recipients[1].destination");
        assertThat(errors.get(1).path("row").asInt()).isEqualTo(4);
        assertThat(answer.json().path("detail").asString()).contains("2 of 4 recipients are invalid")
                .contains("\"partial\": true");
        assertThat(stored("broadcast")).isZero();
        assertThat(stored("voice_message")).isZero();
    }

    @Test
    void partialAcceptsTheValidRowsAndReportsTheOthers() {
        Answer answer = broadcast(ALPHA_KEY, "\"text\": \"Closed.\", \"partial\": true",
                recipients("+6591234567", "12", "+6591234569"));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().path("recipients").asInt()).isEqualTo(2);
        assertThat(answer.json().path("rejected").asInt()).isEqualTo(1);
        assertThat(answer.json().path("rejectedRows").get(0).path("row").asInt()).isEqualTo(2);
        assertThat(stored("voice_message")).isEqualTo(2);
    }

    @Test
    void aRepeatedDestinationIsABadRowUnlessDuplicatesAreAllowed() {
        // The same number read in the client's region: a repeat, however it was written.
        Answer refused = broadcast("singapore-key", "\"text\": \"Closed.\"", recipients("+6591234567", "91234567"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("message").asString()).contains("repeats row 1");

        Answer allowed = broadcast(ALPHA_KEY, "\"text\": \"Closed.\", \"allowDuplicates\": true",
                recipients("+6591234567", "+6591234567"));
        assertThat(allowed.status()).isEqualTo(202);
        assertThat(allowed.json().path("recipients").asInt()).isEqualTo(2);
    }

    @Test
    void aBrokenSharedFieldIsReportedOnceAsTheField() {
        Answer answer = broadcast(ALPHA_KEY, "\"text\": \"Closed.\", \"repetition\": 7, \"partial\": true",
                recipients("+6591234567", "+6591234568"));

        assertThat(answer.status()).isEqualTo(400);
        JsonNode errors = answer.json().path("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).path("field").asString()).isEqualTo("repetition");
        assertThat(errors.get(0).has("row")).isFalse();
        assertThat(stored("voice_message")).isZero();
    }

    @Test
    void eachRecipientHearsTheTemplateWithItsOwnVariablesAndABadVariableIsItsRowsError() {
        String template = post("/templates", ALPHA_KEY, """
                {"name": "closure", "language": "en-SG", "text": "Hello ((name:text)), your site ((site:spell)) is closed."}""")
                .json().get("id").asString();
        String fields = "\"template\": {\"id\": \"" + template + "\", \"variables\": {\"site\": \"B2\"}}";

        Answer refused = broadcast(ALPHA_KEY, fields, """
                [{"destination": "+6591234567", "variables": {"name": "Ana"}},
                 {"destination": "+6591234568", "variables": {"name": "Ben", "floor": 3}}]""");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("row").asInt()).isEqualTo(2);
        assertThat(refused.json().path("errors").get(0).path("field").asString()).startsWith("recipients[1].variables");

        Answer accepted = broadcast(ALPHA_KEY, fields, """
                [{"destination": "+6591234567", "variables": {"name": "Ana"}},
                 {"destination": "+6591234568", "variables": {"name": "Ben", "site": "C3"}}]""");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(jdbc.queryForList("SELECT text FROM voice_message ORDER BY destination", String.class))
                .containsExactly("Hello Ana, your site B 2 is closed.", "Hello Ben, your site C 3 is closed.");
    }

    @Test
    void noRecipientsOrTooManyIsABadRequest() {
        assertThat(broadcast(ALPHA_KEY, "\"text\": \"Closed.\"", "[]").json().path("errors").get(0)
                .path("field").asString()).isEqualTo("recipients");
        assertThat(post("/broadcasts", ALPHA_KEY, "{\"text\": \"Closed.\"}").status()).isEqualTo(400);
    }

    @Test
    void theSameKeyAndRequestIsAReplayAndAnotherRequestIsAConflict() {
        String body = "{\"text\": \"Closed.\", \"recipients\": " + recipients("+6591234567") + "}";
        String key = "broadcast-" + UUID.randomUUID();
        Answer first = post("/broadcasts", ALPHA_KEY, body, key);
        Answer again = post("/broadcasts", ALPHA_KEY, body, key);
        Answer other = post("/broadcasts", ALPHA_KEY, body.replace("Closed.", "Open."), key);

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().path("existingId").asString()).isEqualTo(first.json().path("id").asString());
        assertThat(stored("voice_message")).isEqualTo(1);
    }

    @Test
    void cancelStopsEveryQueuedMessageInOneGoAndLeavesCallsUnderWay() {
        String id = broadcast(ALPHA_KEY, "\"text\": \"Closed.\"",
                recipients("+6591234567", "+6591234568", "+6591234569")).json().path("id").asString();
        UUID onACall = jdbc.queryForObject("SELECT id FROM voice_message WHERE broadcast_id = ?::uuid"
                + " AND client_reference = 'staff-0'", UUID.class, id);
        submit(onACall, "SUBMITTED", "session-on-a-call");

        Answer canceled = post("/broadcasts/" + id + "/cancel", ALPHA_KEY, "");

        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.json().path("canceled").asInt()).isEqualTo(2);
        JsonNode broadcast = canceled.json().path("broadcast");
        assertThat(broadcast.path("byStatus").path("CANCELED").asLong()).isEqualTo(2);
        assertThat(broadcast.path("byStatus").path("SUBMITTED").asLong()).isEqualTo(1);
        assertThat(broadcast.path("canceledBy").asString()).isEqualTo("alpha");
        assertThat(post("/broadcasts/" + id + "/cancel", ALPHA_KEY, "").json().path("canceled").asInt()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'broadcast.cancel'",
                Long.class)).isGreaterThanOrEqualTo(2);
        assertThat(post("/broadcasts/" + id + "/cancel", BETA_KEY, "").status()).isEqualTo(404);
    }

    @Test
    void resultsAreOneRowPerRecipientMaskedForTheClientAndWholeForOps() {
        String id = broadcast(ALPHA_KEY, "\"text\": \"Closed.\"", recipients("+6591234567", "+6591234568"))
                .json().path("id").asString();

        Answer client = get("/broadcasts/" + id + "/results.csv", ALPHA_KEY);
        assertThat(client.status()).isEqualTo(200);
        assertThat(client.contentType()).startsWith("text/csv");
        String[] lines = client.raw().body().split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("clientReference,destination,status,calls,answeredAt,acknowledgedDigit,"
                + "costAmount,costCurrency,messageId");
        assertThat(lines[1]).startsWith("staff-0,+65****4567,QUEUED,1,,,,,");
        assertThat(get("/broadcasts/" + id + "/results.csv", OPS_KEY).raw().body()).contains("+6591234567");
        assertThat(get("/broadcasts/" + id + "/results.csv", BETA_KEY).status()).isEqualTo(404);
    }

    @Test
    void withoutMessageCallbacksOnlyTheCompletedEventIsRecordedOnceEveryMessageIsFinal() {
        String id = broadcast("literal-key", "\"text\": \"Closed.\", \"messageCallbacks\": false,"
                        + " \"callbackUrl\": \"https://hooks.example.com/voice\"",
                recipients("+6591234567", "+6591234568")).json().path("id").asString();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM voice_message WHERE callback_url IS NOT NULL",
                Long.class)).isZero();
        assertThat(completion.sweep()).isZero();

        post("/broadcasts/" + id + "/cancel", "literal-key", "");
        assertThat(stored("callback_event")).isZero();
        assertThat(completion.sweep()).isEqualTo(1);
        assertThat(completion.sweep()).isZero();

        List<String> types = jdbc.queryForList("SELECT type FROM callback_event", String.class);
        assertThat(types).containsExactly("broadcast.completed");
        String payload = jdbc.queryForObject("SELECT payload FROM callback_event", String.class);
        JsonNode data = JSON.readTree(payload).path("data");
        assertThat(data.path("id").asString()).isEqualTo(id);
        assertThat(data.path("state").asString()).isEqualTo("COMPLETED");
        assertThat(data.path("progress").path("canceled").asLong()).isEqualTo(2);
        assertThat(get("/broadcasts/" + id, "literal-key").json().path("completedAt").isNull()).isFalse();
    }

    @Test
    void theQuotaCountsEveryRecipient() {
        Answer tooMany = broadcast("quota-key", "\"text\": \"Closed.\"",
                recipients("+6591234561", "+6591234562", "+6591234563", "+6591234564"));
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.json().path("detail").asString()).contains("split it");

        String body = "{\"text\": \"Closed.\", \"recipients\": " + recipients("+6591234561", "+6591234562") + "}";
        String key = "quota-" + UUID.randomUUID();
        Answer fits = post("/broadcasts", "quota-key", body, key);
        assertThat(fits.status()).isEqualTo(202);
        Answer over = broadcast("quota-key", "\"text\": \"Closed.\"", recipients("+6591234563", "+6591234564"));
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.header("Retry-After")).isNotNull();
        // With the quota used up, a replay is still answered: it stores nothing new.
        Answer replay = post("/broadcasts", "quota-key", body, key);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.json().path("id").asString()).isEqualTo(fits.json().path("id").asString());
        assertThat(stored("voice_message")).isEqualTo(2);
    }

    @Test
    void tenThousandRecipientsAreStoredTogetherAndStreamedBack() {
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"destination\": \"+659").append(1_000_000 + i)
                    .append("\", \"clientReference\": \"r").append(i).append("\"}");
        }
        Answer answer = broadcast(ALPHA_KEY, "\"text\": \"Closed.\", \"messageCallbacks\": false",
                rows.append("]").toString());

        assertThat(answer.status()).isEqualTo(202);
        String id = answer.json().path("id").asString();
        assertThat(get("/broadcasts/" + id, ALPHA_KEY).json().path("byStatus").path("QUEUED").asLong())
                .isEqualTo(10_000);
        String csv = get("/broadcasts/" + id + "/results.csv", ALPHA_KEY).raw().body();
        assertThat(csv.split("\r\n")).hasSize(10_001);
        assertThat(csv).startsWith(BroadcastResults.HEADER[0]).contains("\r\nr0,").contains("\r\nr9999,");
    }
}
