package com.example.voicegateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The story's rules, from views shaped like those {@code GET /voice-messages/{id}} gave in the sandbox: time order
 * by the gateway's own clock, nothing dated in the future, why a message waits, who canceled, and a summary that
 * changed nothing never told as the call's end.
 */
class StoryTellerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-12-01T10:10:00Z");

    private static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static Story tell(String view) {
        return StoryTeller.tell(json(view), StoryTeller.Context.at(NOW));
    }

    private static List<String> titles(Story story) {
        return story.entries().stream().map(Story.Entry::title).toList();
    }

    private static Story.Entry entry(Story story, String titleStart) {
        return story.entries().stream().filter(e -> e.title().startsWith(titleStart)).findFirst().orElseThrow();
    }

    /** The sandbox walk-through: the first tries fail (503, no call placed), the client cancels, then a summary. */
    private static final String CANCELED_THEN_SUMMARISED = """
            {'id':'m1','status':'CANCELED','destination':'+6591234567','clientName':'demo','text':'Never mind.',
             'createdAt':'2026-12-01T10:00:00.096Z','updatedAt':'2026-12-01T10:00:01.505Z',
             'validUntil':'2026-12-01T11:00:00Z','redial':{'maxCalls':1,'interval':'PT5M','on':['NO_ANSWER','BUSY']},
             'calls':[{'number':1,'kind':'FIRST','destination':'+6591234567','status':'CANCELED','sessionId':'s-1',
                       'dueAt':'2026-12-01T10:00:00.096Z','startedAt':'2026-12-01T10:00:00.376Z',
                       'endedAt':'2026-12-01T10:00:01.505Z',
                       'summary':{'id':1,'sessionId':'s-1','sessionStatus':'COMPLETED','legs':[],
                                  'receivedAt':'2026-12-01T10:00:01.659Z','outcome':'CONFLICT',
                                  'disagreeingSummaries':1}}],
             'attempts':[{'callNumber':1,'attemptNumber':1,'startedAt':'2026-12-01T10:00:00.386Z','httpStatus':503,
                          'statusCode':503,'statusMessage':'Service Unavailable','outcome':'RETRY',
                          'error':'HTTP 503 NOT_CREATED: Service Unavailable'},
                         {'callNumber':1,'attemptNumber':2,'startedAt':'2026-12-01T10:00:00.874Z','httpStatus':503,
                          'statusCode':503,'statusMessage':'Service Unavailable','outcome':'RETRY',
                          'error':'HTTP 503 NOT_CREATED: Service Unavailable'}],
             'lastError':'HTTP 503 NOT_CREATED: Service Unavailable','sessionId':'s-1',
             'callbacks':[{'id':'c1','type':'voice_message.canceled','host':'127.0.0.1','status':'DELIVERED',
                           'attempts':1,'lastHttpStatus':204,'lastAttemptAt':'2026-12-01T10:00:01.570Z',
                           'deliveredAt':'2026-12-01T10:00:01.831Z','createdAt':'2026-12-01T10:00:01.554Z'}]}
            """;

    @Test
    void aSummaryForAMessageCanceledBeforeAnyCallIsNewsThatChangedNothingAndNobodyWasRung() {
        Story story = tell(CANCELED_THEN_SUMMARISED);

        assertThat(titles(story)).containsExactly(
                "Accepted from demo",
                "Call 1, attempt 1: not created by 8x8, nobody was rung; tried again",
                "Call 1, attempt 2: not created by 8x8, nobody was rung",
                "Final status: CANCELED",
                "A session summary saying COMPLETED arrived after the message was canceled; it changed nothing",
                "Callback voice_message.canceled: DELIVERED");
        assertThat(titles(story)).noneMatch(title -> title.contains("ended"));
        Story.Entry summary = story.entries().get(4);
        assertThat(summary.tone()).isEqualTo("warn");
        assertThat(summary.detail()).startsWith("CONFLICT: the message keeps its status CANCELED")
                .contains("nobody was rung by us: 8x8 never accepted a call for it");
        // Not audited as an ops cancel: the client canceled with its own key.
        assertThat(story.entries().get(3).detail())
                .contains("canceled by client “demo” with its own API key");
        assertThat(story.entries().get(3).at()).isEqualTo("2026-12-01T10:00:01.505Z");
        assertThat(story.waiting()).isNull();
        // The failed tries are not why it ended: who canceled it is.
        assertThat(story.facts().noteLabel()).isEqualTo("Why");
        assertThat(story.facts().note()).isEqualTo("canceled by client “demo” with its own API key");
        // 8x8's envelope repeats the HTTP status as its code: said once.
        assertThat(story.entries().get(1).detail()).isEqualTo("HTTP 503 NOT_CREATED: Service Unavailable");
    }

    @Test
    void anOpsCancelNamesTheOpsKeyAndARefusedOneIsTold() {
        Story story = StoryTeller.tell(json(CANCELED_THEN_SUMMARISED), new StoryTeller.Context(NOW, "CLOSED", List.of(
                new StoryTeller.OpsAction(Instant.parse("2026-12-01T10:00:01.500Z"), "night-shift", "message.cancel",
                        "SUCCEEDED", "canceled a QUEUED message of client demo"),
                new StoryTeller.OpsAction(Instant.parse("2026-12-01T10:00:02Z"), "day-shift", "message.cancel",
                        "REFUSED", "not canceled: the message is CANCELED"))));

        Story.Entry canceled = entry(story, "Final status: CANCELED");
        assertThat(canceled.detail()).contains("canceled by ops key “night-shift”").doesNotContain("client “demo”");
        assertThat(canceled.at()).isEqualTo("2026-12-01T10:00:01.500Z");
        assertThat(titles(story)).contains("Ops key “day-shift” tried to cancel it: refused");
        assertThat(titles(story).indexOf("Ops key “day-shift” tried to cancel it: refused"))
                .isGreaterThan(titles(story).indexOf("Final status: CANCELED"));
    }

    @Test
    void aRejectedMessageSaysWhyInWordsWithTheCode() {
        Story story = tell("""
                {'id':'m1','status':'REJECTED','destination':'+6591234567','clientName':'billing','text':'Hi',
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:00:01Z','validUntil':'2026-12-01T11:00:00Z',
                 'lastError':'8x8 refused the callflow: HTTP 400 -1014',
                 'attempts':[{'attemptNumber':1,'startedAt':'2026-12-01T10:00:00.500Z','httpStatus':400,
                   'statusCode':-1014,'statusMessage':'Source or caller ID is not allowed','outcome':'REJECTED','latencyMs':80}]}
                """);

        assertThat(titles(story)).containsExactly("Accepted from billing",
                "Call 1, attempt 1: refused by 8x8, nobody was rung", "Final status: REJECTED");
        assertThat(story.entries().get(1).detail()).isEqualTo("HTTP 400 · 8x8 refused the caller id (-1014) · 80 ms");
        assertThat(story.entries().get(1).tone()).isEqualTo("bad");
        assertThat(story.cancellable()).isFalse();
        assertThat(story.facts().statusInWords()).isEqualTo("8x8 refused the callflow");
        assertThat(story.facts().noteLabel()).isEqualTo("Last error");
    }

    @Test
    void aRedialAnAcknowledgementCostAndCallbacksAreToldInTimeOrder() {
        Story story = tell("""
                {'id':'m2','status':'ACKNOWLEDGED','destination':'+6591234567','clientName':'oncall','text':'Wake up',
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:06:00Z','validUntil':'2026-12-01T11:00:00Z',
                 'redial':{'maxCalls':2,'interval':'PT5M','on':['NO_ANSWER']},'acknowledge':{'digit':'1'},
                 'attempts':[{'attemptNumber':1,'callNumber':1,'startedAt':'2026-12-01T10:00:01Z','outcome':'SUBMITTED','statusCode':1},
                             {'attemptNumber':1,'callNumber':2,'startedAt':'2026-12-01T10:05:31Z','outcome':'SUBMITTED','statusCode':1}],
                 'calls':[{'number':1,'kind':'FIRST','destination':'+6591234567','status':'NO_ANSWER',
                           'startedAt':'2026-12-01T10:00:01Z','endedAt':'2026-12-01T10:00:31.200Z',
                           'summary':{'sessionStatus':'NO_ANSWER','endTime':'2026-12-01T10:00:31Z',
                                      'receivedAt':'2026-12-01T10:00:31.200Z','outcome':'APPLIED'}},
                          {'number':2,'kind':'REDIAL','destination':'+6591234567','status':'ACKNOWLEDGED',
                           'dueAt':'2026-12-01T10:05:31.200Z','startedAt':'2026-12-01T10:05:31Z','endedAt':'2026-12-01T10:06:00Z',
                           'acknowledgement':{'expectedDigit':'1','pressed':'1','at':'2026-12-01T10:05:50Z'},
                           'summary':{'sessionStatus':'COMPLETED','callDuration':25,'endTime':'2026-12-01T10:06:00Z',
                                      'receivedAt':'2026-12-01T10:06:00Z','outcome':'APPLIED'},
                           'cost':{'amount':'0.0123','currency':'USD','billableSeconds':30}}],
                 'callbacks':[{'id':'7','type':'voice_message.acknowledged','status':'FAILED','attempts':8,
                               'lastHttpStatus':500,'createdAt':'2026-12-01T10:06:00Z','lastAttemptAt':'2026-12-01T10:07:00Z'}]}
                """);

        assertThat(titles(story)).containsExactly(
                "Accepted from oncall",
                "Call 1, attempt 1: accepted by 8x8, which places the call",
                "Call 1 ended: NO_ANSWER",
                "Call 2 planned: redial to +6591234567",
                "Call 2, attempt 1: accepted by 8x8, which places the call",
                "Call 2: pressed 1 (expected 1)",
                "Call 2 ended: COMPLETED",
                "Final status: ACKNOWLEDGED",
                "Callback voice_message.acknowledged: FAILED");
        assertThat(entry(story, "Call 2 planned").detail()).isEqualTo("because call 1 ended NO_ANSWER · due at 2026-12-01 10:05:31 UTC");
        assertThat(entry(story, "Call 2 ended").detail())
                .isEqualTo("answered; the message was played · connected 25 s · cost 0.0123 USD for 30 billable s");
        assertThat(entry(story, "Accepted").detail()).contains("up to 2 calls 5 min apart on NO_ANSWER")
                .contains("asks the person to press 1");
        assertThat(story.failedCallbacks()).containsExactly(new Story.FailedCallback("7", "voice_message.acknowledged"));
        assertThat(story.facts().note()).isNull();
    }

    @Test
    void aScheduledFallbackIsWhyTheMessageWaitsNotALastErrorAndItsCallIsNotDatedAhead() {
        Story story = tell("""
                {'id':'m5','status':'QUEUED','destination':'+6591234501','clientName':'demo','text':'Fallback me.',
                 'createdAt':'2026-12-01T10:07:00Z','updatedAt':'2026-12-01T10:07:01Z','validUntil':'2026-12-01T11:00:00Z',
                 'redial':{'maxCalls':1,'interval':'PT5M','on':['NO_ANSWER','BUSY']},'fallbackDestinations':['+6591234567'],
                 'calls':[{'number':1,'kind':'FIRST','destination':'+6591234501','status':'BUSY','sessionId':'s1',
                           'dueAt':'2026-12-01T10:07:00Z','startedAt':'2026-12-01T10:07:00.050Z','endedAt':'2026-12-01T10:07:01Z',
                           'summary':{'sessionStatus':'BUSY','receivedAt':'2026-12-01T10:07:01Z','outcome':'APPLIED'}},
                          {'number':2,'kind':'FALLBACK','destination':'+6591234567','status':'QUEUED','dueAt':'2026-12-01T10:12:01Z'}],
                 'attempts':[{'callNumber':1,'attemptNumber':1,'startedAt':'2026-12-01T10:07:00.060Z','outcome':'SUBMITTED','statusCode':1}],
                 'nextAttemptAt':'2026-12-01T10:12:01Z','waitingFor':'REDIAL_INTERVAL',
                 'lastError':'call 1 ended BUSY: fallback 1 of 1'}
                """);

        assertThat(story.facts().note()).as("a plan is no error").isNull();
        assertThat(story.waiting().why()).isEqualTo("Call 1 ended BUSY, so call 2 (fallback number) to +6591234567"
                + " follows after the pause of 5 min between calls.");
        assertThat(story.waiting().until()).isEqualTo("2026-12-01T10:12:01Z");
        assertThat(story.waiting().untilInWords()).isEqualTo("in 2 min 1 s");
        assertThat(story.waiting().next()).isEqualTo("Call 2 (fallback number) to +6591234567 at"
                + " 2026-12-01 10:12:01 UTC; no call starts after its validity ends at 2026-12-01 11:00:00 UTC.");
        assertThat(entry(story, "Call 2 planned: fallback number to +6591234567").at()).isEqualTo("2026-12-01T10:07:01Z");
        assertThat(story.entries()).allSatisfy(e -> assertThat(e.at()).isBeforeOrEqualTo(NOW));
        assertThat(story.cancellable()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "SEND_AT | | The sender asked for it to start at 2026-12-01 12:00:00 UTC (sendAt).",
            "DELIVERY_WINDOW | | Its delivery window is closed: it is called only between 09:00 and 17:00 on MON, TUE"
                    + " Asia/Singapore.",
            "RETRY_BACKOFF | HTTP 503 NOT_CREATED: Service Unavailable | Its last attempt failed without placing a call"
                    + " (HTTP 503 NOT_CREATED: Service Unavailable); it is tried again after a pause.",
            "RETRY_BACKOFF | HTTP 503 NOT_CREATED: Service Unavailable; 8x8 circuit breaker open: not sent | 8x8's"
                    + " circuit breaker opened after repeated failures at 8x8: nothing is sent to 8x8 until a trial"
                    + " call succeeds. Nobody was rung (HTTP 503 NOT_CREATED: Service Unavailable; 8x8 circuit"
                    + " breaker open: not sent).",
            "RATE_LIMIT | | 8x8's shared call rate or the limit of calls at once is used up: it goes as soon as there is"
                    + " room.",
            "DAILY_CALL_LIMIT | | Its client has used its calls of today to Singapore (+65)"
                    + " (max-calls-per-day): nobody was rung, and it goes when the day's calls refill at 00:00 UTC."})
    void everyWaitIsSaidInWords(String waitingFor, String lastError, String why) {
        Story story = tell("""
                {'id':'m6','status':'QUEUED','destination':'+6591234567','clientName':'demo','text':'Later',
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:00:00Z','validUntil':'2026-12-01T18:00:00Z',
                 'sendAt':'2026-12-01T12:00:00Z',
                 'deliveryWindow':{'from':'09:00','to':'17:00','days':['MON','TUE'],'timeZone':'Asia/Singapore'},
                 'calls':[{'number':1,'kind':'FIRST','destination':'+6591234567','status':'QUEUED','dueAt':'2026-12-01T12:00:00Z'}],
                 'attempts':[],'nextAttemptAt':'2026-12-01T12:00:00Z','waitingFor':'%s'%s}
                """.formatted(waitingFor, lastError == null ? "" : ",'lastError':'" + lastError + "'"));

        assertThat(story.waiting().why()).isEqualTo(why);
        assertThat(story.waiting().next()).startsWith("Call 1 to +6591234567 at 2026-12-01 12:00:00 UTC");
        assertThat(story.facts().note()).isNull();
    }

    @Test
    void aDueMessageSaysWhetherTheCircuitBreakerHoldsItBack() {
        String due = """
                {'id':'m7','status':'QUEUED','destination':'+6591234567','clientName':'demo','text':'Now',
                 'createdAt':'2026-12-01T10:09:00Z','updatedAt':'2026-12-01T10:09:00Z','validUntil':'2026-12-01T11:00:00Z',
                 'calls':[{'number':1,'kind':'FIRST','destination':'+6591234567','status':'QUEUED','dueAt':'2026-12-01T10:09:00Z'}],
                 'attempts':[],'nextAttemptAt':'2026-12-01T10:09:00Z'}
                """;

        Story open = StoryTeller.tell(json(due), new StoryTeller.Context(NOW, "OPEN", List.of()));
        Story closed = StoryTeller.tell(json(due), StoryTeller.Context.at(NOW));

        assertThat(open.waiting().why()).startsWith("It is due, but 8x8's circuit breaker is OPEN");
        assertThat(open.waiting().untilInWords()).isEqualTo("due 1 min ago");
        assertThat(closed.waiting().why()).isEqualTo("Nothing: it is due and goes out with the dispatcher's next claim.");
    }

    @Test
    void aCallSettledFromTheLogExportEndsWithTheExportAndItsCost() {
        Story story = tell("""
                {'id':'m8','status':'COMPLETED','destination':'+6591234567','clientName':'alpha','text':'Parcel',
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:09:30Z','validUntil':'2026-12-01T10:02:00Z',
                 'calls':[{'number':1,'kind':'FIRST','destination':'+6591234567','status':'COMPLETED','sessionId':'s8',
                           'dueAt':'2026-12-01T10:00:00Z','startedAt':'2026-12-01T10:00:00.100Z','endedAt':'2026-12-01T10:09:30Z',
                           'settledBy':'LOG_EXPORT','cost':{'amount':'0.0120','currency':'USD','billableSeconds':60}}],
                 'attempts':[{'callNumber':1,'attemptNumber':1,'startedAt':'2026-12-01T10:00:00.110Z','outcome':'SUBMITTED','statusCode':1}],
                 'settledBy':'LOG_EXPORT','cost':{'amount':'0.0120','currency':'USD','billableSeconds':60}}
                """);

        assertThat(titles(story)).containsExactly("Accepted from alpha",
                "Call 1, attempt 1: accepted by 8x8, which places the call",
                "Call 1 ended: COMPLETED, settled from 8x8's log export",
                "Final status: COMPLETED");
        Story.Entry ended = entry(story, "Call 1 ended");
        assertThat(ended.tone()).isEqualTo("ok");
        assertThat(ended.at()).isEqualTo("2026-12-01T10:09:30Z");
        assertThat(ended.detail()).isEqualTo("no session summary came for it; 8x8's own call records (the log export)"
                + " say how it ended · answered; the message was played · cost 0.0120 USD for 60 billable s");
        assertThat(story.facts().cost()).isEqualTo("0.0120 USD");
    }

    @Test
    void anUnknownCallTheExportProvedNeverPlacedIsToldAsSentAgainNotAsNeverReSent() {
        Story story = tell("""
                {'id':'m9','status':'COMPLETED','destination':'+6591234599','clientName':'alpha','text':'Parcel',
                 'createdAt':'2026-12-01T09:00:00Z','updatedAt':'2026-12-01T09:31:05Z','validUntil':'2026-12-01T11:00:00Z',
                 'calls':[{'number':1,'kind':'FIRST','destination':'+6591234599','status':'COMPLETED','sessionId':'s9',
                           'startedAt':'2026-12-01T09:00:00.100Z','endedAt':'2026-12-01T09:31:05Z',
                           'summary':{'sessionStatus':'COMPLETED','receivedAt':'2026-12-01T09:31:05Z','outcome':'APPLIED',
                                      'callDuration':3}}],
                 'attempts':[{'callNumber':1,'attemptNumber':1,'startedAt':'2026-12-01T09:00:00.110Z','outcome':'UNKNOWN',
                              'error':'read timeout'},
                             {'callNumber':1,'attemptNumber':2,'startedAt':'2026-12-01T09:31:01Z','outcome':'SUBMITTED','statusCode':1}]}
                """);

        assertThat(titles(story)).contains("Call 1, attempt 1: no answer from 8x8; its log export later proved the call"
                + " was never placed, so it was sent again (attempt 2)");
        assertThat(titles(story)).noneMatch(title -> title.contains("never re-sent"));
    }

    @Test
    void anUnknownCallStillOpenIsNeverSentAgainOnAGuess() {
        Story story = tell("""
                {'id':'m10','status':'UNKNOWN','destination':'+6591234599','clientName':'alpha','text':'Parcel',
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:00:02Z','validUntil':'2026-12-01T11:00:00Z',
                 'calls':[{'number':1,'kind':'FIRST','destination':'+6591234599','status':'UNKNOWN','startedAt':'2026-12-01T10:00:00.100Z'}],
                 'attempts':[{'callNumber':1,'attemptNumber':1,'startedAt':'2026-12-01T10:00:00.110Z','outcome':'UNKNOWN'}]}
                """);

        assertThat(titles(story)).contains("Call 1, attempt 1: no answer from 8x8: the call may or may not have been"
                + " placed; not sent again on a guess, 8x8's session summary or log export will tell");
        assertThat(story.waiting().why()).isEqualTo("8x8's answer to call 1 was lost: the call may or may not have been"
                + " placed.");
        assertThat(story.waiting().next()).contains("log export settles it");
        assertThat(story.cancellable()).isFalse();
    }

    @Test
    void aFailedCallFrom8x8WithoutACodeStillSaysWhyAndThatNoFurtherCallFollows() {
        // The sandbox's number ending 04: sessionStatus FAILED, no errorCode, no lastError.
        Story story = tell("""
                {'id':'m11','status':'FAILED','destination':'+6591234504','clientName':'demo','text':'Failing.',
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:00:00.394Z','validUntil':'2026-12-01T11:00:00Z',
                 'redial':{'maxCalls':1,'interval':'PT5M','on':['NO_ANSWER','BUSY']},
                 'calls':[{'number':1,'kind':'FIRST','destination':'+6591234504','status':'FAILED','sessionId':'s11',
                           'startedAt':'2026-12-01T10:00:00.123Z','endedAt':'2026-12-01T10:00:00.394Z',
                           'summary':{'sessionStatus':'FAILED','startTime':'2026-12-01T10:00:00Z','endTime':'2026-12-01T10:00:00Z',
                                      'lastAction':'MAKE_CALL','callDuration':0,'receivedAt':'2026-12-01T10:00:00.394Z',
                                      'outcome':'APPLIED'}}],
                 'attempts':[{'callNumber':1,'attemptNumber':1,'startedAt':'2026-12-01T10:00:00.130Z','outcome':'SUBMITTED','statusCode':1}]}
                """);

        String why = "8x8 could not connect the call and gives no reason for FAILED (8x8 sends an error code only with"
                + " ERROR)";
        assertThat(entry(story, "Call 1 ended: FAILED").detail()).isEqualTo(why);
        assertThat(entry(story, "Final status: FAILED").detail())
                .isEqualTo("it failed · call 1: " + why + " · no further call: one call was asked for");
        assertThat(story.facts().noteLabel()).isEqualTo("Last error");
        assertThat(story.facts().note()).isEqualTo("call 1: " + why);
    }

    @Test
    void anErrorCallSaysTheCodeInWords() {
        Story story = tell("""
                {'id':'m12','status':'ERROR','destination':'+6591234503','clientName':'demo','text':'Error.',
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:00:01Z','validUntil':'2026-12-01T11:00:00Z',
                 'calls':[{'number':1,'status':'ERROR','errorCode':-2004,'startedAt':'2026-12-01T10:00:00.100Z','endedAt':'2026-12-01T10:00:01Z',
                           'summary':{'sessionStatus':'ERROR','errorCode':-2004,'errorMessage':'No coverage available for requested area',
                                      'receivedAt':'2026-12-01T10:00:01Z','outcome':'APPLIED'}}],
                 'attempts':[{'callNumber':1,'attemptNumber':1,'startedAt':'2026-12-01T10:00:00.110Z','outcome':'SUBMITTED','statusCode':1}]}
                """);

        assertThat(entry(story, "Call 1 ended: ERROR").detail()).isEqualTo("8x8 has no coverage for the destination (-2004)");
        assertThat(story.facts().note()).isEqualTo("call 1: 8x8 has no coverage for the destination (-2004)");
    }

    @Test
    void callbacksAndLateSummariesFallInTimeOrderAndNothingIsDatedAfterNow() {
        for (String view : List.of(CANCELED_THEN_SUMMARISED)) {
            Story story = tell(view);
            List<Instant> times = story.entries().stream().map(Story.Entry::at).toList();
            assertThat(times).doesNotContainNull().isSorted();
            assertThat(times).allSatisfy(at -> assertThat(at).isBeforeOrEqualTo(NOW));
        }
    }

    @Test
    void aQueuedMessageCanBeCanceledAndHasNoFinalEntry() {
        Story story = tell("""
                {'id':'m3','status':'QUEUED','clientName':'c','audioUrl':'https://example.com/a.mp3',
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:00:00Z','attempts':[]}
                """);

        assertThat(story.cancellable()).isTrue();
        assertThat(titles(story)).containsExactly("Accepted from c");
        assertThat(story.facts().content()).isEqualTo("Audio: https://example.com/a.mp3");
    }

    @Test
    void aTemplatedMessageSaysWhichTemplateAndVersionItsTextCameFrom() {
        Story story = tell("""
                {'id':'m5','status':'QUEUED','clientName':'c','text':'Your code is 4 8 1 5.',
                 'template':{'id':'0195f0a4-8c00-7000-8000-000000000001','version':3},
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:00:00Z','attempts':[]}
                """);

        assertThat(story.facts().content())
                .isEqualTo("Template 0195f0a4-8c00-7000-8000-000000000001 version 3 · Text: Your code is 4 8 1 5.");
    }
    /** Accepted with its destination on the client's do-not-call list: stored SUPPRESSED, its one call never placed. */
    private static final String SUPPRESSED_AT_INTAKE = """
            {'id':'m9','status':'SUPPRESSED','suppressedBy':'CLIENT','destination':'+6591230001','clientName':'demo',
             'text':'Hi','createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:00:00Z',
             'validUntil':'2026-12-01T11:00:00Z','redial':{'maxCalls':1,'interval':'PT5M','on':['NO_ANSWER','BUSY']},
             'skippedFallbacks':[{'destination':'+6598760001','suppressedBy':'GLOBAL'}],
             'optOut':{'digit':'9','prompt':'To stop receiving these calls, press 9.'},
             'calls':[{'number':1,'kind':'FIRST','destination':'+6591230001','status':'SUPPRESSED',
                       'suppressedBy':'CLIENT','dueAt':'2026-12-01T10:00:00Z','endedAt':'2026-12-01T10:00:00Z'}],
             'attempts':[]}
            """;

    @Test
    void aSuppressedMessageSaysInOneLineThatItWasNotCalledAndWhy() {
        Story story = tell(SUPPRESSED_AT_INTAKE);

        assertThat(titles(story)).containsExactly("Accepted from demo", "Call 1 was not placed",
                "Final status: SUPPRESSED");
        assertThat(entry(story, "Final status").detail())
                .isEqualTo("not called: the destination is on the client's do-not-call list");
        assertThat(entry(story, "Call 1").detail())
                .isEqualTo("not called: the destination is on the client's do-not-call list · nobody was rung");
        assertThat(entry(story, "Accepted").detail()).contains("lets the person press 9 to stop these calls")
                .contains("fallback +6598760001 skipped, not called: the fallback number is on the global"
                        + " do-not-call list (kept by ops)");
        assertThat(story.facts().note()).isEqualTo("not called: the destination is on the client's do-not-call list");
        assertThat(entry(story, "Final status").tone()).isEqualTo("warn");
    }

    @Test
    void aPersonWhoPressedTheOptOutKeyIsToldAsSuchNotAsAWrongKey() {
        Story story = tell("""
                {'id':'m8','status':'NOT_ACKNOWLEDGED','destination':'+6591234511','clientName':'demo','text':'Hi',
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:00:09Z',
                 'validUntil':'2026-12-01T11:00:00Z','redial':{'maxCalls':1,'interval':'PT5M','on':['NO_ANSWER']},
                 'acknowledge':{'digit':'1','prompt':'Press 1 to confirm.','timeout':'PT10S','tries':2},
                 'optOut':{'digit':'9','prompt':'To stop receiving these calls, press 9.'},
                 'calls':[{'number':1,'kind':'FIRST','destination':'+6591234511','status':'NOT_ACKNOWLEDGED',
                           'dueAt':'2026-12-01T10:00:00Z','startedAt':'2026-12-01T10:00:01Z',
                           'endedAt':'2026-12-01T10:00:09Z','optedOutAt':'2026-12-01T10:00:07Z',
                           'acknowledgement':{'expectedDigit':'1','pressed':'9','at':'2026-12-01T10:00:07Z'}}],
                 'attempts':[]}
                """);

        assertThat(titles(story)).contains("Call 1: the person pressed 9 to stop these calls")
                .noneMatch(title -> title.startsWith("Call 1: pressed 9"));
        assertThat(entry(story, "Call 1: the person pressed 9").detail())
                .contains("the number went on the client's do-not-call list");
    }
}
