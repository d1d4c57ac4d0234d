package com.example.voicegateway.broadcast.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import com.example.voicegateway.support.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /broadcasts} as a file upload over HTTP: a JSON part with the shared fields and a CSV part with the
 * recipients, through Tomcat's multipart parsing and its limits. The CSV's own rules, one by one, are
 * {@code message.internal.BroadcastCsvTest}'s; here, what a real upload does end to end.
 */
class BroadcastFileTest extends IntegrationTest {

    private static final String BOUNDARY = "----gateway-test-boundary";

    /** One part of a multipart/form-data body; a null filename sends it as a plain form field. */
    private record Part(String name, String filename, String type, byte[] content) {

        static Part json(String json) {
            return new Part("broadcast", "shared.json", "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        static Part csv(String csv) {
            return csv(csv.getBytes(StandardCharsets.UTF_8));
        }

        static Part csv(byte[] csv) {
            return new Part("recipients", "people.csv", "text/csv", csv);
        }
    }

    private static byte[] multipart(Part... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
                    + (part.filename() == null ? "" : "; filename=\"" + part.filename() + "\"") + "\r\n"
                    + (part.type() == null ? "" : "Content-Type: " + part.type() + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private Answer upload(String key, String idempotencyKey, Part... parts) {
        HttpRequest.Builder request = request("/broadcasts", key)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(parts)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    private Answer upload(String shared, String csv) {
        return upload(ALPHA_KEY, null, Part.json(shared), Part.csv(csv));
    }

    private long stored(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    private String template(String text) {
        Answer created = post("/templates", ALPHA_KEY, "{\"name\": \"broadcast-" + UUID.randomUUID()
                + "\", \"language\": \"en\", \"text\": \"" + text + "\"}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    @Test
    void aSpreadsheetExportWithQuotedFieldsALineBreakInACellAndAByteOrderMarkIsStoredAsItIs() {
        String template = template("Hello ((name)), your desk is ((desk)).");
        String csv = "\uFEFFdestination,clientReference,name,desk\r\n"
                + "+6591234567,\"staff, 0001\",\"Ana \"\"the boss\"\" Lim\",A-1\r\n"
                + "+6591234568,\"Flat 3\nBlock B\",Ben,\"B,2\"\r\n"
                + ",,,\r\n"
                + "+6591234569,,Chi,C-3\r\n";

        Answer answer = upload("{\"template\": {\"id\": \"" + template + "\"}, \"messageCallbacks\": false}", csv);

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        assertThat(answer.json().path("recipients").asInt()).isEqualTo(3);
        assertThat(answer.header("Location")).isEqualTo("/broadcasts/" + answer.json().path("id").asString());
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT destination, client_reference, text"
                + " FROM voice_message ORDER BY destination");
        assertThat(rows).extracting(row -> row.get("client_reference"))
                .containsExactly("staff, 0001", "Flat 3\nBlock B", null);
        assertThat(rows).extracting(row -> row.get("text")).containsExactly(
                "Hello Ana \"the boss\" Lim, your desk is A-1.", "Hello Ben, your desk is B,2.",
                "Hello Chi, your desk is C-3.");
    }

    @Test
    void oneBadRowRefusesTheWholeFileNamingRowsAsTheJsonFormDoes() {
        String csv = "destination,clientReference\n"
                + "+6591234567,ok\n"
                + "6.59123E+10,excel\n"
                + "+6591234569,ok,extra\n"
                + "6591234570,no-plus\n";

        Answer answer = upload("{\"text\": \"The office is closed today.\"}", csv);

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.json().path("invalidRows").asInt()).isEqualTo(3);
        JsonNode errors = answer.json().path("errors");
        assertThat(errors).extracting(e -> e.path("row").asInt()).containsExactly(2, 3, 4);
        assertThat(errors).extracting(e -> e.path("field").asString()).containsExactly(
                "recipients[1].destination", "recipients[2]", "recipients[3].destination");
        assertThat(errors.get(0).path("message").asString()).contains("6.59123E+10", "scientific notation");
        assertThat(errors.get(1).path("message").asString()).isEqualTo("has 3 cells where the header row has 2"
                + " columns");
        assertThat(errors.get(2).path("message").asString()).contains("must start with +",
                "a spreadsheet drops the +");
        assertThat(answer.json().path("detail").asString()).contains("3 of 4 recipients are invalid");
        assertThat(stored("broadcast")).isZero();
        assertThat(stored("voice_message")).isZero();
    }

    @Test
    void partialAcceptsTheGoodRowsAndReportsTheOthers() {
        String csv = "destination\n+6591234567\n+659123\n+6591234569\n";

        Answer answer = upload("{\"text\": \"Closed.\", \"partial\": true}", csv);

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        assertThat(answer.json().path("recipients").asInt()).isEqualTo(2);
        assertThat(answer.json().path("rejected").asInt()).isEqualTo(1);
        JsonNode rejected = answer.json().path("rejectedRows").get(0);
        assertThat(rejected.path("row").asInt()).isEqualTo(2);
        assertThat(rejected.path("field").asString()).isEqualTo("recipients[1].destination");
        assertThat(stored("voice_message")).isEqualTo(2);
    }

    @Test
    void numbersWithoutPlusAreTheClientsNationalNumbersWhenItHasADefaultRegion() {
        Answer answer = upload("singapore-key", null, Part.json("{\"text\": \"Closed.\"}"),
                Part.csv("destination\n91234567\n81234567\n"));

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        assertThat(jdbc.queryForList("SELECT destination FROM voice_message ORDER BY destination", String.class))
                .containsExactly("+6581234567", "+6591234567");
    }

    @Test
    void whatIsWrongWithTheFileAsAWholeIsA400NamingIt() {
        Answer noTemplate = upload("{\"text\": \"Closed.\"}", "destination,name\n+6591234567,Ana\n");
        assertThat(noTemplate.status()).isEqualTo(400);
        assertThat(noTemplate.json().path("errors").get(0).path("field").asString()).isEqualTo("recipients");
        assertThat(noTemplate.json().path("errors").get(0).path("message").asString()).contains("\"name\"",
                "no template");

        Answer bothForms = upload("{\"text\": \"Closed.\", \"recipients\": [{\"destination\": \"+6591234567\"}]}",
                "destination\n+6591234567\n");
        assertThat(bothForms.status()).isEqualTo(400);
        assertThat(bothForms.json().path("errors").get(0).path("message").asString()).contains("CSV part");

        Answer latin1 = upload(ALPHA_KEY, null, Part.json("{\"text\": \"Closed.\"}"),
                Part.csv("destination,clientReference\n+6591234567,Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(latin1.status()).isEqualTo(400);
        assertThat(latin1.json().path("errors").get(0).path("message").asString()).contains("not UTF-8");

        Answer missing = upload(ALPHA_KEY, null, Part.json("{\"text\": \"Closed.\"}"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("errors").get(0).path("field").asString()).isEqualTo("recipients");

        assertThat(stored("voice_message")).isZero();
    }

    @Test
    void aBodyThatBreaksOffOrLacksItsPartsIsA400InWords() {
        byte[] whole = multipart(Part.json("{\"text\": \"Closed.\"}"), Part.csv("destination\n+6591234567\n"));
        byte[] brokenOff = java.util.Arrays.copyOf(whole, whole.length - BOUNDARY.length() - 10);
        Answer unreadable = send(request("/broadcasts", ALPHA_KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(brokenOff)).build());
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(unreadable.json().path("detail").asString()).contains("not readable multipart/form-data");

        Answer noParts = upload(ALPHA_KEY, null, new Part[0]);
        assertThat(noParts.status()).isEqualTo(400);
        assertThat(noParts.json().path("errors")).extracting(e -> e.path("field").asString())
                .containsExactly("broadcast", "recipients");
    }

    @Test
    void moreThanTenThousandRecipientsIsA400() {
        StringBuilder csv = new StringBuilder("destination\n");
        for (int i = 0; i <= 10_000; i++) {
            csv.append("+659").append(1_000_000 + i).append('\n');
        }

        Answer answer = upload("{\"text\": \"Closed.\"}", csv.toString());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("errors").get(0).path("message").asString())
                .contains("more than 10000 recipients");
    }

    @Test
    void theSameKeyAndTheSameFileIsAReplayAndAnotherFileIsAConflict() {
        String key = "broadcast-file-" + UUID.randomUUID();
        Part shared = Part.json("{\"text\": \"Closed.\"}");
        Answer first = upload(ALPHA_KEY, key, shared, Part.csv("destination\n+6591234567\n"));
        Answer again = upload(ALPHA_KEY, key, shared, Part.csv("destination\n+6591234567\n"));
        Answer otherFile = upload(ALPHA_KEY, key, shared, Part.csv("destination\n+6591234568\n"));

        assertThat(first.status()).as(first.raw().body()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        assertThat(otherFile.status()).isEqualTo(422);
        assertThat(otherFile.json().path("existingId").asString()).isEqualTo(first.json().path("id").asString());
        assertThat(stored("voice_message")).isEqualTo(1);
    }

    @Test
    void partsMayComeAsFormFieldsWithinTheFormLimitAndAsFilesBeyondIt() {
        Part sharedAsField = new Part("broadcast", null, "application/json",
                "{\"text\": \"Closed.\"}".getBytes(StandardCharsets.UTF_8));
        Answer small = upload(ALPHA_KEY, null, sharedAsField,
                new Part("recipients", null, "text/csv",
                        "destination\n+6591234567\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(small.status()).as(small.raw().body()).isEqualTo(202);

        StringBuilder csv = new StringBuilder("destination,clientReference\n");
        for (int i = 0; i < 3_000; i++) {
            csv.append("+659").append(2_000_000 + i).append(",reference-").append(i).append('\n');
        }
        byte[] large = csv.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(large.length).isGreaterThan(64 * 1024);
        Answer asField = upload(ALPHA_KEY, null, sharedAsField, new Part("recipients", null, "text/csv", large));
        assertThat(asField.status()).isEqualTo(413);
        assertThat(asField.json().path("detail").asString()).contains("form field", "64 KiB", "filename");

        Answer asFile = upload(ALPHA_KEY, null, sharedAsField, Part.csv(large));
        assertThat(asFile.status()).as(asFile.raw().body()).isEqualTo(202);
        assertThat(asFile.json().path("recipients").asInt()).isEqualTo(3_000);
    }

    @Test
    void multipartIsStillRefusedUnreadEverywhereElse() {
        Answer message = send(request("/voice-messages", ALPHA_KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(Part.json("{}")))).build());
        Answer mixed = send(request("/broadcasts", ALPHA_KEY)
                .header("Content-Type", "multipart/mixed; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(Part.json("{}")))).build());

        assertThat(message.status()).isEqualTo(415);
        assertThat(message.json().path("detail").asString()).contains("Only POST /broadcasts");
        assertThat(mixed.status()).isEqualTo(415);
    }

    @Test
    void anUploadOverEightMebibytesIs413WhetherItSaysSoOrNot() throws IOException {
        // Within the limit, a file of several MiB is read whole (and refused here for its own rule, cheaply).
        String rows = "+6591234567,Ana\n".repeat(3 * 1024 * 1024 / 16);
        Answer within = upload("{\"text\": \"Closed.\"}", "destination,name\n" + rows);
        assertThat(within.status()).isEqualTo(400);
        assertThat(within.json().path("errors").get(0).path("message").asString()).contains("\"name\"");

        RawHttp.Response announced = announcedUpload(8 * 1024 * 1024 + 1);
        assertThat(announced.status()).isEqualTo(413);
        assertThat(JSON.readTree(announced.body()).path("detail").asString()).contains("8 MiB");

        RawHttp.Response chunked = chunkedUpload(ALPHA_KEY, 9 * 1024);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(JSON.readTree(chunked.body()).path("detail").asString()).contains("8 MiB");
        assertThat(stored("voice_message")).isZero();
    }

    @Test
    void anUploadWithoutAKeyIsRefusedBeforeItsBodyIsRead() throws IOException {
        // The body never ends: had anything parsed it before the key check, no answer would come.
        RawHttp.Response answer = chunkedUpload(null, 4);

        assertThat(answer.status()).isEqualTo(401);
    }

    /** The head of an upload whose Content-Length is {@code length}, and none of its body. */
    private RawHttp.Response announcedUpload(long length) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /broadcasts HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary="
                    + BOUNDARY + "\r\nX-API-Key: " + ALPHA_KEY + "\r\nContent-Length: " + length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return RawHttp.readOne(socket.getInputStream());
        }
    }

    /** A chunked upload of {@code kib} KiB of CSV; without its last chunk, so only a refusal can end it. */
    private RawHttp.Response chunkedUpload(String key, int kib) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /broadcasts HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary="
                    + BOUNDARY + "\r\n" + (key == null ? "" : "X-API-Key: " + key + "\r\n")
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"recipients\";"
                    + " filename=\"people.csv\"\r\nContent-Type: text/csv\r\n\r\ndestination\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            writeChunk(out, head);
            byte[] rows = "+6591234567\n".repeat(1024 / 12 + 1).substring(0, 1024)
                    .getBytes(StandardCharsets.ISO_8859_1);
            try {
                for (int i = 0; i < kib; i++) {
                    writeChunk(out, rows);
                }
                out.flush();
            } catch (java.net.SocketException refusedEarly) {
                // The gateway answered and closed before the rest was sent: the answer is still there to read.
            }
            return RawHttp.readOne(socket.getInputStream());
        }
    }

    private static void writeChunk(OutputStream out, byte[] chunk) throws IOException {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
}
