package com.example.voicegateway.acknowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A call action whose ids PostgreSQL cannot store is bad input (400), not a database outage: no ERROR line and no
 * {@code call_action.not_stored}, the metric ops alert on.
 */
@ExtendWith(OutputCaptureExtension.class)
class CallActionHostileInputTest extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"sessionId\": \"s-nul\"          | \"sessionId\": \"s\\u0000x\"        | payload.sessionId",
            "\"eventId\": \"e-1\"              | \"eventId\": \"e\\u0000\"           | payload.eventId",
            "\"callId\": \"c-1\"               | \"callId\": \"\\u0000c\"           | payload.callId",
            "\"dtmf\": \"1\"                   | \"dtmf\": \"1\\u0000\"             | payload.eventData.dtmf",
            "\"eventType\": \"CALL_ACTION\"    | \"eventType\": \"CALL_ACTION\\u0000\" | eventType"})
    void aNulInAnIdIsBadInputAndPagesNobody(String plain, String withNul, String field, CapturedOutput output) {
        String body = """
                {"eventType": "CALL_ACTION", "payload": {"eventId": "e-1", "callId": "c-1", "sessionId": "s-nul",
                 "eventData": {"dtmf": "1"}}}""".replace(plain, withNul);
        assertThat(body).as("the test replaced the value").contains("\\u0000");
        double notStored = meters.counter("voice_gateway.call_action.not_stored").count();
        long events = storedEvents();

        Answer answer = send(request(CallActionWebhookTest.PATH, null)
                .header("Authorization", CallActionWebhookTest.SECRET).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(meters.counter("voice_gateway.call_action.not_stored").count()).isEqualTo(notStored);
        assertThat(meters.counter("voice_gateway.call_action.rejected", "reason", "invalid_input").count()).isPositive();
        assertThat(output.getOut()).doesNotContain(" ERROR ").doesNotContain("NOT stored")
                .contains("WARN").contains("Refused a call action");
        assertThat(storedEvents()).isEqualTo(events);
    }

    private long storedEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM call_action_event", Long.class);
    }
}
