package com.example.voicegateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.message.BroadcastMessages.Finished;
import com.example.voicegateway.message.MessageStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the console makes of a broadcast, from views shaped like {@code GET /broadcasts/{id}}'s: the bar adds up to
 * the API's progress, the estimate and who canceled in words, and the chart of finished messages over time.
 */
class BroadcastPagesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-12-01T10:10:00Z");

    private static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    /** Ten recipients, seven finished, three on their way; an estimate from the last minutes' pace. */
    private static final String RUNNING = """
            {'id':'0193a7c2-1111-7000-8000-00000000abcd','state':'RUNNING','clientName':'alpha','recipients':10,
             'rejected':2,'priority':'LOW','messageCallbacks':true,'callbackUrl':null,
             'byStatus':{'QUEUED':2,'SENDING':0,'SUBMITTED':1,'UNKNOWN':0,'COMPLETED':3,'NO_ANSWER':1,'BUSY':1,
                         'CANCELED':0,'FAILED':0,'ERROR':1,'REJECTED':0,'EXPIRED':0,'ACKNOWLEDGED':0,
                         'NOT_ACKNOWLEDGED':1},
             'progress':{'finished':7,'remaining':3,'reached':4,'notReached':2,'failed':1,'canceled':0,
                         'acknowledged':0,'perMinute':3.5},
             'createdAt':'2026-12-01T10:00:00Z','firstCallAt':'2026-12-01T10:00:01.200Z',
             'lastActivityAt':'2026-12-01T10:09:30Z','estimatedCompletionAt':'2026-12-01T10:11:00Z',
             'canceledAt':null,'canceledBy':null,'completedAt':null}
            """;

    @Test
    void theBarIsTheApisProgressInOutcomeColoursAndSaysItInWords() {
        BroadcastPages.Summary summary = BroadcastPages.summary(json(RUNNING), NOW);

        assertThat(summary.segments()).extracting(s -> s.group().name())
                .containsExactly("REACHED", "NOT_REACHED", "FAILED");
        assertThat(summary.segments()).extracting(BroadcastPages.Segment::x).containsExactly(0.0, 40.0, 60.0);
        assertThat(summary.segments()).extracting(BroadcastPages.Segment::width).containsExactly(40.0, 20.0, 10.0);
        assertThat(summary.percent()).isEqualTo(70);
        assertThat(summary.progress()).isEqualTo("7 of 10 finished (70 %): 4 reached, 2 not reached, 1 failed");
        assertThat(summary.estimate()).isEqualTo("About 2026-12-01 10:11:00 UTC (in 1 min)");
        assertThat(summary.tone()).isEqualTo("info");
    }

    @Test
    void theBroadcastsPageShowsItsCountsPaceAndThatItCanStillBeCanceled() {
        BroadcastPages.Detail detail = BroadcastPages.detail(json(RUNNING), NOW);

        assertThat(detail.counts()).extracting(BroadcastPages.Count::status)
                .containsExactly("QUEUED", "SUBMITTED", "COMPLETED", "NO_ANSWER", "BUSY", "ERROR", "NOT_ACKNOWLEDGED");
        assertThat(detail.counts().get(0).tone()).isEqualTo("warn");
        assertThat(detail.pace()).isEqualTo("3.5 messages finished a minute over the last 5 minutes");
        assertThat(detail.rejected()).isEqualTo(2);
        assertThat(detail.callbacks()).isEqualTo("each message's own");
        assertThat(detail.queued()).isEqualTo(2);
        assertThat(detail.cancellable()).isTrue();
        assertThat(detail.canceled()).isNull();
    }

    @Test
    void withoutAPaceThereIsNoEstimateAndItSaysWhy() {
        String notStarted = RUNNING.replace("'estimatedCompletionAt':'2026-12-01T10:11:00Z'",
                "'estimatedCompletionAt':null").replace("'firstCallAt':'2026-12-01T10:00:01.200Z'", "'firstCallAt':null");
        assertThat(BroadcastPages.summary(json(notStarted), NOW).estimate())
                .isEqualTo("No estimate yet: no call placed so far");
        String stalled = RUNNING.replace("'estimatedCompletionAt':'2026-12-01T10:11:00Z'", "'estimatedCompletionAt':null");
        assertThat(BroadcastPages.summary(json(stalled), NOW).estimate())
                .isEqualTo("No estimate now: no message finished in the last 5 minutes");
    }

    @Test
    void aCanceledBroadcastSaysWhoCanceledItAndCannotBeCanceledAgainOnceNothingIsQueued() {
        String byOps = """
                {'id':'b1','state':'COMPLETED','clientName':'alpha','recipients':4,'rejected':0,'priority':'LOW',
                 'messageCallbacks':false,'callbackUrl':'https://hooks.example.com/done',
                 'byStatus':{'QUEUED':0,'COMPLETED':1,'CANCELED':3},
                 'progress':{'finished':4,'remaining':0,'reached':1,'notReached':0,'failed':0,'canceled':3,
                             'acknowledged':0,'perMinute':0.0},
                 'createdAt':'2026-12-01T10:00:00Z','canceledAt':'2026-12-01T10:02:00Z','canceledBy':'night-ops',
                 'completedAt':'2026-12-01T10:02:05Z'}
                """;
        BroadcastPages.Detail detail = BroadcastPages.detail(json(byOps), NOW);

        assertThat(detail.canceled()).isEqualTo("Canceled 2026-12-01 10:02:00 UTC by ops key “night-ops”: its queued"
                + " messages were canceled, calls under way went on");
        assertThat(detail.cancellable()).isFalse();
        assertThat(detail.summary().estimate()).isEqualTo("Finished 2026-12-01 10:02:05 UTC");
        assertThat(detail.summary().tone()).isEqualTo("ok");
        assertThat(detail.summary().segments()).extracting(s -> s.group().name()).containsExactly("REACHED", "CANCELED");
        assertThat(detail.callbacks()).isEqualTo("none per message; broadcast.completed to https://hooks.example.com/done");
        assertThat(detail.pace()).isNull();

        String byClient = byOps.replace("'canceledBy':'night-ops'", "'canceledBy':'alpha'");
        assertThat(BroadcastPages.detail(json(byClient), NOW).canceled())
                .contains("by client “alpha” with its own API key");
    }

    @Test
    void theChartCountsFinishedMessagesPerMinuteByOutcomeInBarsOfSix() {
        Instant ten = Instant.parse("2026-12-01T10:00:00Z");
        BroadcastChart.Chart chart = BroadcastChart.of(List.of(
                new Finished(ten, MessageStatus.COMPLETED, 4),
                new Finished(ten, MessageStatus.ERROR, 1),
                new Finished(ten.plusSeconds(60), MessageStatus.NOT_ACKNOWLEDGED, 1),
                new Finished(ten.plusSeconds(120), MessageStatus.BUSY, 1),
                new Finished(ten.plusSeconds(120), MessageStatus.NO_ANSWER, 2)));

        assertThat(chart.per()).isEqualTo("minute");
        assertThat(chart.bars()).hasSize(6);
        assertThat(chart.labels()).containsExactly("10:00", "10:01", "10:02", "10:03", "10:04", "10:05");
        assertThat(chart.busy()).extracting(BroadcastChart.Bar::total).containsExactly(5L, 1L, 3L);
        // Answered without the key is reached, as the API's progress counts it.
        assertThat(chart.bars().get(1).count(BroadcastPages.Group.REACHED)).isEqualTo(1);
        assertThat(chart.bars().get(2).count(BroadcastPages.Group.NOT_REACHED)).isEqualTo(3);
        assertThat(chart.top()).isEqualTo(6);
        assertThat(chart.ticks()).extracting(HourlyChart.Tick::count).containsExactly(6L, 4L, 2L, 0L);
        assertThat(chart.rects()).hasSize(4);
        assertThat(chart.rects().get(0).title()).isEqualTo("10:00 UTC: 4 reached");
        assertThat(BroadcastChart.of(List.of())).isNull();
    }

    @Test
    void aLongBroadcastIsDrawnInWiderBarsNeverMoreThanSixty() {
        Instant start = Instant.parse("2026-12-01T09:58:00Z");
        BroadcastChart.Chart hours = BroadcastChart.of(List.of(new Finished(start, MessageStatus.COMPLETED, 1),
                new Finished(start.plusSeconds(3 * 3600), MessageStatus.COMPLETED, 2)));
        assertThat(hours.per()).isEqualTo("5 minutes");
        assertThat(hours.bars()).hasSize(42);
        assertThat(hours.bars().get(0).label()).isEqualTo("09:55");
        assertThat(hours.busy()).extracting(BroadcastChart.Bar::label).containsExactly("09:55", "12:55");

        BroadcastChart.Chart days = BroadcastChart.of(List.of(new Finished(start, MessageStatus.COMPLETED, 1),
                new Finished(start.plusSeconds(30 * 3600), MessageStatus.FAILED, 1)));
        assertThat(days.per()).isEqualTo("hour");
        assertThat(days.bars()).hasSizeLessThanOrEqualTo(BroadcastChart.MAX_BARS);
        assertThat(days.labels().get(0)).isEqualTo("12-01 09:00");
    }
}
