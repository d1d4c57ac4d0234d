package com.example.voicegateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Values from outside cannot forge a log line: whatever a webhook or a client sends, CR, LF, NUL and every other
 * control character reach the text log escaped, at every call site, because the log layout escapes them.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogForgingTest extends IntegrationTest {

    /** What an attacker would like to see as a line of its own. */
    private static final String FORGED = "1999-01-01T00:00:00.000Z ERROR 1 --- [main] forged : FORGED";

    private static final Logger log = LoggerFactory.getLogger(LogForgingTest.class);

    @Test
    void callActionIdsAreLoggedEscaped(CapturedOutput output) {
        String body = """
                {"eventType": "CALL_ACTION", "payload": {"sessionId": "s-1\\n%1$s", "eventId": "e-1\\r\\n%1$s",
                 "eventData": {"dtmf": "1"}}}""".formatted(FORGED);

        Answer answer = postWebhook("/webhooks/8x8/voice-call-action", body);

        assertThat(answer.status()).isEqualTo(200);
        assertNoForgedLine(output);
        assertThat(output.getOut()).contains("s-1\\n1999-01-01").contains("e-1\\r\\n1999-01-01");
    }

    @Test
    void sessionSummaryValuesAreLoggedEscaped(CapturedOutput output) {
        String body = """
                {"eventType": "SESSION_SUMMARY", "payload": {"sessionId": "s-2\\u2028%1$s",
                 "sessionStatus": "COMPLETED\\n%1$s"}}""".formatted(FORGED);

        Answer answer = postWebhook("/webhooks/8x8/voice-session-summary", body);

        assertThat(answer.status()).isEqualTo(200);
        assertNoForgedLine(output);
        assertThat(output.getOut()).contains("s-2\\u20281999-01-01").contains("COMPLETED\\n1999-01-01");
    }

    @Test
    void everyCallSiteIsCoveredIncludingExceptionMessages(CapturedOutput output) {
        log.warn("pressed key {}", "1\r\n" + FORGED);
        log.warn("nul {} and escape {} and next line {}", "a\0b", "\u001b[31m", "\u0085" + FORGED);
        log.warn("concatenated " + "x\n" + FORGED);
        log.warn("failed", new IllegalStateException("boom\n" + FORGED, new RuntimeException("cause\r" + FORGED)));

        assertNoForgedLine(output);
        assertThat(output.getOut()).contains("pressed key 1\\r\\n1999").contains("nul a\\u0000b")
                .contains("escape \\u001b[31m").contains("next line \\u00851999").contains("concatenated x\\n1999")
                .contains("boom\\n1999").contains("cause\\r1999").doesNotContain("\0").doesNotContain("\u001b[31m");
    }

    @Test
    void escapingLeavesPlainTextAloneAndEscapesEveryControl() {
        assertThat(LogSafe.escape("plain text: äöü €, tabs\tstay")).isEqualTo("plain text: äöü €, tabs\tstay");
        assertThat(LogSafe.escape("a\nb\rc\0d\u007fe\u009bf\u2028g\u2029h"))
                .isEqualTo("a\\nb\\rc\\u0000d\\u007fe\\u009bf\\u2028g\\u2029h");
        assertThat(LogSafe.escape(null)).isNull();
    }

    private Answer postWebhook(String path, String body) {
        return send(request(path, null).header("Authorization", "Bearer test-webhook-secret")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void assertNoForgedLine(CapturedOutput output) {
        List<String> forged = (output.getOut() + output.getErr()).lines()
                .filter(line -> line.startsWith("1999-01-01") || line.startsWith("FORGED")).toList();
        assertThat(forged).isEmpty();
    }
}
