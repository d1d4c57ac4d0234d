package com.example.voicegateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.EightByEightJsonConfiguration;
import com.example.voicegateway.message.CallStatus;
import org.junit.jupiter.api.Test;

class SummaryStatusTest {

    private static final SummaryReader READER = new SummaryReader(EightByEightJsonConfiguration.mapper());

    @Test
    void spellingsAreOneValue() {
        assertThat(SummaryStatus.toCallOutcome("no answer")).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(SummaryStatus.toCallOutcome(" Cancelled ")).isEqualTo(CallStatus.CANCELED);
        assertThat(SummaryStatus.toCallOutcome("completed")).isEqualTo(CallStatus.COMPLETED);
        assertThat(SummaryStatus.toCallOutcome(null)).isNull();
        assertThat(SummaryStatus.toCallOutcome("  ")).isNull();
    }

    @Test
    void readerToleratesOddShapes() {
        SessionSummary summary = READER.read(READER.parse("""
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
        assertThat(READER.read(READER.parse("{\"eventType\": \"CALL_ACTION\"}")).isSessionSummaryEvent())
                .isFalse();
    }

    @Test
    void hugeOrOddNumbersAreUnreadableNotFatal() {
        SessionSummary summary = READER.read(READER.parse("""
                {"eventType": "SESSION_SUMMARY", "version": 1e300,
                 "payload": {"sessionId": "s", "sessionStatus": "COMPLETED", "startTime": 1e300,
                  "endTime": -99999999999999999999999, "callCount": 1e300,
                  "errorDetails": {"errorCode": "1e999999999"},
                  "details": {"callA": {"initiatedTimestamp": 1.5e19, "connectedTimestamp": "1e300",
                    "disconnectedTimestamp": 1711346510000, "callDuration": 99999999999,
                    "callQuality": {"mos": 1e400, "jitter": "NaN", "packetLossRate": "Infinity"}}}}}
                """));
        assertThat(summary.version()).isNull();
        assertThat(summary.startTime()).isNull();
        assertThat(summary.endTime()).isNull();
        assertThat(summary.callCount()).isNull();
        assertThat(summary.errorCode()).isNull();
        SessionSummary.Leg leg = summary.legs().get(0);
        assertThat(leg.initiatedTimestamp()).isNull();
        assertThat(leg.connectedTimestamp()).isNull();
        assertThat(leg.disconnectedTimestamp()).hasToString("2024-03-25T06:01:50Z");
        assertThat(leg.callDuration()).isNull();
        assertThat(leg.callQuality().mos()).isNull();
        assertThat(leg.callQuality().jitter()).isNull();
        assertThat(leg.callQuality().packetLossRate()).isNull();
    }

    @Test
    void aNumberThatIsNotWholeIsNoErrorCodeWhetherSentAsANumberOrAsText() {
        assertThat(errorCode("12.5")).isNull();
        assertThat(errorCode("\"12.5\"")).isNull();
        assertThat(errorCode("-2004.0")).isEqualTo(-2004);
        assertThat(errorCode("\"-2004.0\"")).isEqualTo(-2004);
        assertThat(errorCode("-2004")).isEqualTo(-2004);
    }

    @Test
    void theFirstNameThatCarriesAValueCountsWhateverTheOrderOrANullUnderAnotherName() {
        assertThat(READER.read(READER.parse("""
                {"payload": {"errorDetails": {"errorCode": -2010, "code": null,
                  "errorMsg": "The trunk capacity has been exceeded", "message": null}}}""")))
                .satisfies(summary -> {
                    assertThat(summary.errorCode()).isEqualTo(-2010);
                    assertThat(summary.errorMessage()).isEqualTo("The trunk capacity has been exceeded");
                });
        assertThat(READER.read(READER.parse("""
                {"payload": {"errorDetails": {"code": -2004, "errorCode": null,
                  "message": "No coverage", "errorMsg": null}}}""")))
                .satisfies(summary -> {
                    assertThat(summary.errorCode()).isEqualTo(-2004);
                    assertThat(summary.errorMessage()).isEqualTo("No coverage");
                });
        assertThat(READER.read(READER.parse("""
                {"payload": {"errorDetails": {"code": -1, "errorCode": -2004,
                  "message": "old name", "errorMessage": "newer name", "errorMsg": "8x8's name"}}}""")))
                .satisfies(summary -> {
                    assertThat(summary.errorCode()).as("errorCode before code").isEqualTo(-2004);
                    assertThat(summary.errorMessage()).isEqualTo("8x8's name");
                });
    }

    private static Integer errorCode(String json) {
        return READER.read(READER.parse("{\"payload\": {\"errorDetails\": {\"errorCode\": " + json + "}}}"))
                .errorCode();
    }

    @Test
    void overlongIdsMatchNothingAndOverlongTextIsCut() {
        assertThat(SummaryStore.idOrNull("a".repeat(255))).hasSize(255);
        assertThat(SummaryStore.idOrNull("a".repeat(256))).isNull();
        assertThat(SummaryStore.truncated("b".repeat(5000))).hasSize(255);
        assertThat(SummaryStore.truncated("COMPLETED")).isEqualTo("COMPLETED");
    }
}
