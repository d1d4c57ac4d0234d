package com.example.voicegateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StoryTellerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void aRejectedMessageSaysWhyInWordsWithTheCode() {
        Story story = StoryTeller.tell(json("""
                {'id':'m1','status':'REJECTED','destination':'+6591234567','clientName':'billing','text':'Hi',
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:00:01Z','validUntil':'2026-12-01T11:00:00Z',
                 'attempts':[{'attemptNumber':1,'startedAt':'2026-12-01T10:00:00.500Z','httpStatus':400,
                   'statusCode':-1014,'statusMessage':'Source or caller ID is not allowed','outcome':'REJECTED','latencyMs':80}]}
                """));

        List<String> titles = story.entries().stream().map(Story.Entry::title).toList();
        assertThat(titles).containsExactly("Accepted from billing", "Attempt 1: refused by 8x8", "Final status: REJECTED");
        assertThat(story.entries().get(1).detail()).isEqualTo("HTTP 400 · 8x8 refused the caller id (-1014) · 80 ms");
        assertThat(story.entries().get(1).tone()).isEqualTo("bad");
        assertThat(story.cancellable()).isFalse();
        assertThat(story.facts().statusInWords()).isEqualTo("8x8 refused the callflow");
    }

    @Test
    void callsAcknowledgementsCostAndCallbacksAreToldInTheOrderTheyFollowFromEachOther() {
        Story story = StoryTeller.tell(json("""
                {'id':'m2','status':'ACKNOWLEDGED','destination':'+6591234567','clientName':'oncall','text':'Wake up',
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:06:00Z','validUntil':'2026-12-01T11:00:00Z',
                 'attempts':[{'attemptNumber':1,'callNumber':1,'startedAt':'2026-12-01T10:00:01Z','outcome':'SUBMITTED','statusCode':1},
                             {'attemptNumber':2,'callNumber':2,'startedAt':'2026-12-01T10:05:31Z','outcome':'SUBMITTED','statusCode':1}],
                 'calls':[{'number':1,'kind':'FIRST','destination':'+6591234567','status':'NO_ANSWER','startedAt':'2026-12-01T10:00:01Z',
                           'summary':{'sessionStatus':'NO_ANSWER','endTime':'2026-12-01T10:00:31Z'}},
                          {'number':2,'kind':'REDIAL','destination':'+6591234567','status':'ACKNOWLEDGED','startedAt':'2026-12-01T10:05:31Z',
                           'acknowledgement':{'expectedDigit':'1','pressed':'1','at':'2026-12-01T10:05:50Z'},
                           'cost':{'amount':'0.0123','currency':'USD','billableSeconds':30},'endedAt':'2026-12-01T10:06:00Z'}],
                 'callbacks':[{'id':'7','type':'voice_message.acknowledged','status':'FAILED','attempts':8,
                               'lastHttpStatus':500,'createdAt':'2026-12-01T10:05:51Z'}]}
                """));

        assertThat(story.entries()).extracting(Story.Entry::title).containsExactly(
                "Accepted from oncall",
                "Call 1 to +6591234567 (first call)",
                "Call 1, attempt 1: accepted by 8x8",
                "Call 1 ended: NO_ANSWER",
                "Call 2 to +6591234567 (redial)",
                "Call 2, attempt 2: accepted by 8x8",
                "Call 2: pressed 1 (expected 1)",
                "Call 2 cost 0.0123 USD",
                "Callback voice_message.acknowledged: FAILED",
                "Final status: ACKNOWLEDGED");
        assertThat(story.failedCallbacks()).containsExactly(new Story.FailedCallback("7", "voice_message.acknowledged"));
    }

    @Test
    void aSummaryThatConflictsWithACanceledCallIsNeverToldAsTheCallsEnd() {
        Story story = StoryTeller.tell(json("""
                {'id':'m4','status':'CANCELED','destination':'+6591234567','clientName':'billing','text':'Hi',
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:00:05Z','validUntil':'2026-12-01T11:00:00Z',
                 'calls':[{'number':1,'kind':'FIRST','destination':'+6591234567','status':'CANCELED',
                           'dueAt':'2026-12-01T10:00:00Z','endedAt':'2026-12-01T10:00:05Z',
                           'summary':{'sessionStatus':'COMPLETED','outcome':'CONFLICT','receivedAt':'2026-12-01T10:01:00Z',
                                      'endTime':'2026-12-01T10:00:50Z'}}]}
                """));

        assertThat(story.entries()).extracting(Story.Entry::title).containsExactly(
                "Accepted from billing",
                "Call 1 to +6591234567 (first call)",
                "Call 1: a session summary said COMPLETED, not applied",
                "Final status: CANCELED");
        assertThat(story.entries().get(1).detail()).startsWith("CANCELED");
        assertThat(story.entries().get(2).tone()).isEqualTo("warn");
        assertThat(story.entries().get(2).detail()).startsWith("it conflicts with the call's status CANCELED");
    }

    @Test
    void aQueuedMessageCanBeCanceledAndHasNoFinalEntry() {
        Story story = StoryTeller.tell(json("""
                {'id':'m3','status':'QUEUED','clientName':'c','audioUrl':'https://example.com/a.mp3',
                 'createdAt':'2026-12-01T10:00:00Z','updatedAt':'2026-12-01T10:00:00Z','attempts':[]}
                """));

        assertThat(story.cancellable()).isTrue();
        assertThat(story.entries()).extracting(Story.Entry::title).containsExactly("Accepted from c");
        assertThat(story.facts().content()).isEqualTo("Audio: https://example.com/a.mp3");
    }
}
