package com.example.voicegateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.message.MessageStatus;
import org.junit.jupiter.api.Test;

class SummaryStatusTest {

    @Test
    void spellingsAreOneValue() {
        assertThat(SummaryStatus.toMessageStatus("no answer")).isEqualTo(MessageStatus.NO_ANSWER);
        assertThat(SummaryStatus.toMessageStatus(" Cancelled ")).isEqualTo(MessageStatus.CANCELED);
        assertThat(SummaryStatus.toMessageStatus("completed")).isEqualTo(MessageStatus.COMPLETED);
        assertThat(SummaryStatus.toMessageStatus(null)).isNull();
        assertThat(SummaryStatus.toMessageStatus("  ")).isNull();
    }

    @Test
    void readerToleratesOddShapes() {
        SessionSummary summary = SummaryReader.read(SummaryReader.parse("""
                {"PAYLOAD": {"SessionId": "s", "sessionStatus": "BUSY", "callCount": "2",
                  "startTime": "2024-03-25T06:01:30+08:00", "endTime": "not a time",
                  "errorDetails": {"errorCode": "oops", "errorMsg": "x"},
                  "details": [{"callId": "a", "SourceRefId": "null", "callQuality": {"mos": "4.1"}}]}}
                """));
        assertThat(summary.sessionId()).isEqualTo("s");
        assertThat(summary.callCount()).isEqualTo(2);
        assertThat(summary.startTime()).hasToString("2024-03-24T22:01:30Z");
        assertThat(summary.endTime()).isNull();
        assertThat(summary.errorCode()).isNull();
        assertThat(summary.legs()).singleElement().satisfies(leg -> {
            assertThat(leg.name()).isEqualTo("callA");
            assertThat(leg.callQuality().mos()).isEqualTo(4.1);
        });
        assertThat(summary.isSessionSummaryEvent()).isTrue();
        assertThat(SummaryReader.read(SummaryReader.parse("{\"eventType\": \"CALL_ACTION\"}")).isSessionSummaryEvent())
                .isFalse();
    }
}
