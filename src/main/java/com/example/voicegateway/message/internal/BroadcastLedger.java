package com.example.voicegateway.message.internal;

import static com.example.voicegateway.config.JdbcTime.instant;
import static com.example.voicegateway.config.JdbcTime.ts;

import com.example.voicegateway.message.BroadcastMessages;
import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.CallSummaryLookup;
import com.example.voicegateway.message.CallSummaryView;
import com.example.voicegateway.message.Cost;
import com.example.voicegateway.message.LedgerEvent;
import com.example.voicegateway.message.MessageCost;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.ReconciliationLookup;
import com.example.voicegateway.message.StatusGuards;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A broadcast's messages as the ledger keeps them: counts, activity, results, and the cancel of all at once. */
@Component
class BroadcastLedger implements BroadcastMessages {

    /** Rows read per round trip while streaming results: constant memory, few round trips. */
    static final int RESULT_PAGE = 500;
    /** The dispatch rate of a broadcast is measured over this much of its recent past. */
    static final Duration RATE_WINDOW = Duration.ofMinutes(5);
    /** The statuses of an answered call, whose answer time a session summary gives. */
    private static final Set<MessageStatus> ANSWERED = EnumSet.of(MessageStatus.COMPLETED,
            MessageStatus.ACKNOWLEDGED, MessageStatus.NOT_ACKNOWLEDGED);

    /**
     * The cancel of every queued message, in one statement and in the ledger's lock order: each message is locked
     * before its call (FOR NO KEY UPDATE OF m, as a single cancel does), so it cannot deadlock with a settlement. A
     * call a dispatcher has claimed meanwhile is SENDING when its lock is granted, fails the re-checked
     * {@code status = 'QUEUED'} and goes on: a call already under way is never canceled by the client.
     */
    private static final String CANCEL = """
            WITH locked AS (
                SELECT m.id, m.current_call FROM voice_message m
                  JOIN voice_call c ON c.message_id = m.id AND c.call_number = m.current_call
                 WHERE m.broadcast_id = ? AND m.outcome IS NULL AND c.status = 'QUEUED'
                   FOR NO KEY UPDATE OF m
            ), canceled AS (
                UPDATE voice_call c SET status = 'CANCELED', ended_at = ?, next_attempt_at = NULL, waiting_for = NULL,
                       version = c.version + 1, updated_at = ?
                  FROM locked
                 WHERE c.message_id = locked.id AND c.call_number = locked.current_call AND c.status = 'QUEUED'
                RETURNING c.message_id, c.call_number, c.kind
            ), ended AS (
                UPDATE voice_message m SET outcome = 'CANCELED', updated_at = ?
                  FROM canceled WHERE m.id = canceled.message_id
                RETURNING m.id, m.callback_url IS NOT NULL AS has_callback
            )
            SELECT canceled.message_id, canceled.call_number, canceled.kind, ended.has_callback
              FROM canceled JOIN ended ON ended.id = canceled.message_id
            """;

    private final JdbcClient jdbc;
    private final LedgerEvents events;
    private final ObjectProvider<CallSummaryLookup> summaries;
    private final ObjectProvider<ReconciliationLookup> reconciliations;

    BroadcastLedger(JdbcClient jdbc, LedgerEvents events, ObjectProvider<CallSummaryLookup> summaries,
            ObjectProvider<ReconciliationLookup> reconciliations) {
        this.jdbc = jdbc;
        this.events = events;
        this.summaries = summaries;
        this.reconciliations = reconciliations;
    }

    @Override
    public Map<MessageStatus, Long> countByStatus(UUID broadcastId) {
        Map<MessageStatus, Long> counts = new EnumMap<>(MessageStatus.class);
        jdbc.sql("SELECT status, count(*) FROM message_state WHERE broadcast_id = ? GROUP BY status")
                .param(broadcastId)
                .query(rs -> {
                    counts.put(MessageStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return counts;
    }

    @Override
    public Activity activity(UUID broadcastId, Instant now) {
        // started_at, not post_started_at: the latter marks a POST in flight and is cleared once 8x8 answers, so
        // it is null again for every call that went out (and the estimate, which needs a first call, never came).
        return jdbc.sql("""
                SELECT min(c.started_at),
                       max(GREATEST(m.updated_at, c.updated_at)) FILTER (WHERE c.updated_at > m.created_at
                                                                         OR m.updated_at > m.created_at),
                       count(DISTINCT m.id) FILTER (WHERE m.outcome IS NOT NULL AND m.updated_at > ?)
                  FROM voice_message m JOIN voice_call c ON c.message_id = m.id
                 WHERE m.broadcast_id = ?
                """)
                .params(ts(now.minus(RATE_WINDOW)), broadcastId)
                .query((rs, n) -> new Activity(instant(rs, 1), instant(rs, 2), rs.getLong(3), RATE_WINDOW))
                .single();
    }

    @Override
    public List<Finished> outcomesOverTime(UUID broadcastId, Duration bucket) {
        long seconds = bucket.toSeconds();
        if (seconds < 1) {
            throw new IllegalArgumentException("A bucket of at least one second, not " + bucket);
        }
        // A final message's status is its outcome; its current call's end is when the gateway learned it (a late key
        // press or an erasure later moves updated_at, never ended_at). The tables, not message_state: the view
        // would join the call a second time for ended_at, which halves the query's speed on 10,000 messages.
        return jdbc.sql("""
                SELECT date_bin(make_interval(secs => ?), COALESCE(c.ended_at, m.updated_at),
                                TIMESTAMPTZ '1970-01-01 00:00:00+00') AS bucket,
                       m.outcome, count(*)
                  FROM voice_message m
                  JOIN voice_call c ON c.message_id = m.id AND c.call_number = m.current_call
                 WHERE m.broadcast_id = ? AND m.outcome IS NOT NULL
                 GROUP BY 1, 2
                 ORDER BY 1, 2
                """)
                .params(seconds, broadcastId)
                .query((rs, n) -> new Finished(instant(rs, 1), MessageStatus.valueOf(rs.getString(2)), rs.getLong(3)))
                .list();
    }

    @Override
    public int cancelQueued(UUID broadcastId, Instant now) {
        StatusGuards.require(CallStatus.QUEUED, CallStatus.CANCELED);
        List<UUID> withoutCallbacks = new java.util.ArrayList<>();
        List<LedgerEvent.CallEnded> ended = jdbc.sql(CANCEL)
                .params(broadcastId, ts(now), ts(now), ts(now))
                .query((rs, n) -> {
                    UUID id = rs.getObject(1, UUID.class);
                    if (!rs.getBoolean(4)) {
                        withoutCallbacks.add(id);
                    }
                    return new LedgerEvent.CallEnded(id, rs.getInt(2), CallKind.valueOf(rs.getString(3)),
                            CallStatus.CANCELED);
                })
                .list();
        StatusEvents.noCallbacksFor(withoutCallbacks);
        // The same moves a client's cancel of each message publishes: its callbacks and the calls meter listen.
        for (LedgerEvent.CallEnded call : ended) {
            events.publish(call);
            events.publish(new LedgerEvent.MessageFinished(call.messageId(), MessageStatus.CANCELED));
        }
        return ended.size();
    }

    @Override
    public boolean allFinal(UUID broadcastId) {
        return !jdbc.sql("SELECT EXISTS (SELECT 1 FROM voice_message WHERE broadcast_id = ? AND outcome IS NULL)")
                .param(broadcastId)
                .query(Boolean.class)
                .single();
    }

    @Override
    public void forEachResult(UUID broadcastId, Consumer<ResultRow> row) {
        UUID after = new UUID(0, 0);
        while (true) {
            List<Stored> page = jdbc.sql("""
                    SELECT id, client_reference, destination, status, current_call, ack_digit,
                           personal_data_erased_at IS NOT NULL AS erased
                      FROM message_state WHERE broadcast_id = ? AND id > ? ORDER BY id LIMIT ?
                    """)
                    .params(broadcastId, after, RESULT_PAGE)
                    .query((rs, n) -> new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            MessageStatus.valueOf(rs.getString(4)), rs.getInt(5), rs.getString(6),
                            rs.getBoolean(7)))
                    .list();
            for (Stored message : page) {
                row.accept(result(message));
            }
            if (page.size() < RESULT_PAGE) {
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    private record Stored(UUID id, String clientReference, String destination, MessageStatus status, int calls,
            String ackDigit, boolean erased) {
    }

    private ResultRow result(Stored message) {
        Instant answeredAt = null;
        if (ANSWERED.contains(message.status())) {
            CallSummaryView summary = summaries.stream()
                    .map(lookup -> lookup.findSummaries(message.id()).get(message.calls()))
                    .filter(Objects::nonNull).findFirst().orElse(null);
            answeredAt = summary == null || summary.legs() == null ? null : summary.legs().stream()
                    .map(CallSummaryView.LegView::connectedTimestamp).filter(Objects::nonNull).findFirst()
                    .orElse(null);
        }
        Cost cost = null;
        if (message.status().isFinal()) {
            MessageCost billed = reconciliations.stream().map(lookup -> lookup.find(message.id()).cost())
                    .filter(Objects::nonNull).findFirst().orElse(null);
            cost = billed == null ? null : billed.inOneCurrency();
        }
        String digit = message.status() == MessageStatus.ACKNOWLEDGED ? message.ackDigit() : null;
        return new ResultRow(message.id(), message.clientReference(), message.destination(), message.status(),
                message.calls(), answeredAt, digit, cost, message.erased());
    }
}
