package com.example.voicegateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import com.example.voicegateway.support.RawHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Issue 20's "bad input that still reaches the database": one NUL rule for every string, form bodies inside the
 * body limit, and every refusal (Tomcat's own included) a problem in words.
 */
@ExtendWith(OutputCaptureExtension.class)
class InputRulesTest extends IntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");
    /** A package-qualified class name, a library's setting or the marks Jackson quotes its internals with. */
    private static final Pattern INTERNALS = Pattern.compile("[a-z]+\\.[a-z]+\\.[A-Z]|Exception|spring\\.|`|Feature"
            + "|JsonToken|StreamReadConstraints|ArrayList|LinkedHashMap|\\ba long\\b|\\ba int\\b|java\\.");

    // --- a bare + in a query ----------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/voice-messages?destination=+6591234567                        | destination",
            "/voice-messages?clientReference=a+b&destination=+6591234567    | destination",
            "/voice-messages?createdFrom=2026-11-01T09:00:00+08:00          | createdFrom",
            "/admin/audit?to=2026-11-01T00:00:00+01:00                      | to",
            "/admin/usage?from=2026-11-01T00:00:00+08:00                    | from"})
    void aRefusedQueryParameterSentWithABarePlusSaysItArrivedAsASpace(String path, String parameter) {
        Answer answer = get(path, OPS_KEY);

        assertThat(answer.status()).as(path + ": " + answer.raw().body()).isEqualTo(400);
        List<String> hinted = answer.json().get("errors").valueStream()
                .filter(e -> e.get("message").asString().contains("an unencoded +, which a query string reads as a"
                        + " space: send + URL-encoded, as %2B"))
                .map(e -> e.get("field").asString()).toList();
        assertThat(hinted).as("only the refused parameter that held a +").containsExactly(parameter);
        assertThat(answer.json().get("detail").asString()).contains("%2B");
    }

    @Test
    void aPlusMeantAsASpaceOrSentEncodedNeedsNoHint() {
        assertThat(get("/voice-messages?destination=%2B6591234567&clientReference=order+4711", OPS_KEY).status())
                .isEqualTo(200);
        Answer other = get("/voice-messages?clientReference=a+b&size=0", OPS_KEY);
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.raw().body()).doesNotContain("%2B");
    }

    // --- one rule for NUL (in a JSON body: message.internal.VoiceMessageControllerTest) -------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/admin/callbacks?client=%00                | client",
            "/admin/usage?client=a%00b                  | client",
            "/voice-messages?clientReference=%00        | clientReference",
            "/admin/audit?actor=%00                     | actor",
            "/admin/session-summaries?outcome=a%00      | outcome",
            "/voice-messages?destination=%2B659%00      | destination"})
    void aNulInAnyQueryParameterIs400NamingIt(String path, String parameter, CapturedOutput output) {
        Answer answer = get(path, OPS_KEY);

        assertThat(answer.status()).as(path + ": " + answer.raw().body()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        JsonNode error = answer.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo(parameter);
        assertThat(error.get("message").asString()).contains("NUL");
        assertThat(output.getOut()).doesNotContain("Unexpected error").doesNotContain("0x00");
    }

    @Test
    void theConsoleSearchRefusesANulLikeEveryOtherParameter(CapturedOutput output) {
        String session = signInToConsole();
        for (String query : List.of("clientReference=%00", "client=%00")) {
            Answer answer = send(request("/console?" + query, null).header("Cookie", session).GET().build());

            assertThat(answer.status()).as(query + ": " + answer.raw().body()).isEqualTo(400);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo(query.split("=")[0]);
        }
        assertThat(output.getOut()).doesNotContain("Unexpected error");
    }

    @Test
    void aNulInAHeaderNeverReachesTheGateway() {
        RawHttp.Response answer = RawHttp.send(port, "GET", "/voice-messages", null, "X-API-Key: alpha-key",
                "Idempotency-Key: a\0b");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    // --- form bodies inside the limit --------------------------------------------------------------------------

    @Test
    void aChunkedSignInFormOverTheLimitIsRefusedWithoutWaitingForTheRest() throws IOException {
        RawHttp.Response answer = chunkedBodyWithoutEnd("/console/login", "application/x-www-form-urlencoded");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(JSON.readTree(answer.body()).get("detail").asString()).contains("64 KiB");
    }

    @Test
    void aWholeOneAndAHalfMegabyteChunkedFormIsRefusedAs413() {
        StringBuilder chunked = new StringBuilder();
        String chunk = "key=" + "k".repeat(8 * 1024 - 4);
        for (int i = 0; i < 190; i++) {
            chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        byte[] head = ("POST /console/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded"
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = chunked.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);

        RawHttp.Response answer = RawHttp.sendRaw(port, request);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void aMultipartBodyIsNeverParsed() throws IOException {
        RawHttp.Response chunked = chunkedBodyWithoutEnd("/console/login", "multipart/form-data; boundary=b");
        RawHttp.Response emptyBoundary = RawHttp.send(port, "GET", "/voice-messages", null, "X-API-Key: alpha-key",
                "Content-Type: multipart/form-data; boundary=");

        assertThat(chunked.status()).isEqualTo(415);
        assertThat(chunked.header("Content-Type")).startsWith("application/problem+json");
        assertThat(emptyBoundary.status()).isEqualTo(415);
        assertThat(emptyBoundary.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void anUndecodableFormIs400NotAnError(CapturedOutput output) {
        HttpRequest request = request("/console/login", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=%zz")).build();

        Answer answer = send(request);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(output.getOut()).doesNotContain("\tat ");
    }

    // --- Tomcat's refusals in words ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"GET / HTTP/2.0", "GET /voice-messages HTTP/2.0", "GET / HTTP/1.2", "GET / HTTP/3"})
    void anotherHttpVersionIsTheClientsFaultSaidInWords(String requestLine) {
        RawHttp.Response answer = RawHttp.sendRaw(port, (requestLine + "\r\nHost: localhost\r\nConnection: close"
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

        assertThat(answer.status()).isIn(400, 505);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        String detail = JSON.readTree(answer.body()).get("detail").asString();
        assertThat(detail).doesNotContain("on our side").contains("HTTP/1.1");
    }

    @Test
    void anUnknownTransferCodingIsRefusedInWords() {
        RawHttp.Response answer = RawHttp.send(port, "POST", "/voice-messages", null, "X-API-Key: alpha-key",
                "Content-Type: application/json", "Transfer-Encoding: gzip");

        assertThat(answer.status()).isEqualTo(501);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(JSON.readTree(answer.body()).get("detail").asString()).doesNotContain("on our side")
                .contains("Transfer-Encoding");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/metrics/no.such.metric", "/actuator/health/nothing",
            "/actuator/metrics/jvm.memory.used?tag=no:such"})
    void aRefusalAlwaysHasAProblemBody(String path) {
        Answer answer = get(path, OPS_KEY);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(404);
        assertThat(answer.json().get("detail").asString()).isNotBlank();
    }

    @Test
    void noProblemNamesAJavaClassOrALibrarySetting() {
        List<String> bodies = List.of("[]", "1", "\"text\"", "{\"destination\": NaN}", "{/* a comment */}",
                "{'destination': 1}", "{\"a\": 01}", "[".repeat(600) + "]".repeat(600),
                "{\"destination\": \"+6591234567\", \"text\": \"Hi\", \"fallbackDestinations\": {}}",
                "{\"destination\": \"+6591234567\", \"text\": \"Hi\", \"redial\": []}",
                "{\"destination\": \"+6591234567\", \"text\": \"Hi\", \"acknowledge\": 1}",
                "{\"destination\": \"+6591234567\", \"text\": \"" + "x".repeat(30) + "\" \"",
                "{\"destination\": \"+6591234567\", \"text\": \"Hi\", \"repetition\": 1e400}",
                "{\"destination\": \"+6591234567\", \"text\": \"Hi\", \"priority\": {}}");
        List<String> details = new ArrayList<>();
        for (String body : bodies) {
            details.add(post("/voice-messages", ALPHA_KEY, body).raw().body());
            details.add(send(request("/webhooks/8x8/voice-session-summary", null)
                    .header("Authorization", "Bearer test-webhook-secret")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build()).raw().body());
        }
        for (String path : List.of("/admin/reconciliations/abc", "/voice-messages/1", "/admin/callbacks?page=x",
                "/voice-messages?size=99999999999", "/admin/audit?messageId=x", "/actuator/metrics/x?tag=a")) {
            details.add(get(path, OPS_KEY).raw().body());
        }
        details.add(RawHttp.sendRaw(port, "GET / HTTP/2.0\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1)).body());

        List<String> leaking = new ArrayList<>();
        for (String problem : details) {
            JsonNode json = JSON.readTree(problem);
            StringBuilder words = new StringBuilder(json.path("detail").asString(""));
            json.path("errors").forEach(error -> words.append(' ').append(error.path("message").asString("")));
            Matcher internals = INTERNALS.matcher(words);
            if (internals.find()) {
                leaking.add(internals.group() + " in: " + words);
            }
        }
        assertThat(leaking).isEmpty();
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** 96 KiB of a chunked body whose end never comes: only an answer that does not wait for it arrives. */
    private RawHttp.Response chunkedBodyWithoutEnd(String path, String contentType) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                    + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = ("key=" + "k".repeat(8 * 1024 - 4)).getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 12; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
            return RawHttp.readOne(socket.getInputStream());
        }
    }

    /** Signs in as a browser does: the sign-in page's CSRF token and session, then the form; the new session. */
    private String signInToConsole() {
        Answer page = get("/console/login", null);
        Matcher token = CSRF.matcher(page.raw().body());
        assertThat(token.find()).as("the sign-in form carries a CSRF token").isTrue();
        String cookie = cookie(page);
        Answer signedIn = send(request("/console/login", null)
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token.group(1) + "&key=" + OPS_KEY)).build());
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).endsWith("/console");
        return cookie(signedIn);
    }

    private static String cookie(Answer answer) {
        String setCookie = answer.raw().headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        Matcher session = SESSION.matcher(setCookie);
        assertThat(session.find()).isTrue();
        return "JSESSIONID=" + session.group(1);
    }
}
