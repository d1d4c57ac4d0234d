package com.example.voicegateway.webhook;

import static com.example.voicegateway.config.JdbcTime.utc;

import com.example.voicegateway.message.CallSettlement;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.ProvenOutcome;
import com.example.voicegateway.retention.LateDeliveries;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores summaries and has the ledger apply them to their calls ({@link CallSettlement}), one short transaction per
 * delivery, the summary row written in it before anything moves.
 *
 * <p>A summary is matched to its call by clientRequestId ({@code <message id>} or {@code <message id>:<n>}), then
 * by sessionId. The ledger locks the message row before reading its calls, so of two deliveries of one summary the
 * second waits, then sees the status the first set, and is recorded as a duplicate.
 */
@Repository
class SummaryStore {

    /**
     * Longest sessionId / clientRequestId / status text kept in the indexed columns. 8x8's ids are UUIDs; a longer
     * value cannot be one of theirs (or ours), and PostgreSQL's btree refuses entries over ~2.7 KB. The raw JSON
     * keeps the full value.
     */
    static final int MAX_TEXT = 255;

    /**
     * What a summary did, as stored in {@code session_summary.outcome}: the ledger's {@link CallSettlement.Outcome}.
     * SECOND_SESSION: matched by clientRequestId to a call that already has a different sessionId, i.e. 8x8 placed
     * a second session for one call; stored and flagged, never applied.
     */
    enum Outcome { APPLIED, DUPLICATE, CONFLICT, SECOND_SESSION, UNMATCHED, IGNORED;

        static Outcome of(CallSettlement.Outcome settled) {
            return switch (settled) {
                case APPLIED -> APPLIED;
                case DUPLICATE -> DUPLICATE;
                case CONFLICT -> CONFLICT;
                case SECOND_SESSION -> SECOND_SESSION;
                case UNMATCHED -> UNMATCHED;
                case IGNORED -> IGNORED;
            };
        }
    }

    record Stored(long id, Outcome outcome, UUID messageId) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final CallSettlement settlement;
    private final LateDeliveries late;

    SummaryStore(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, CallSettlement settlement,
            LateDeliveries late) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settlement = settlement;
        this.late = late;
    }

    /** Stores one delivery and applies it, in one transaction, so the row is durable when this returns. */
    Stored store(String rawJson, SessionSummary summary, CallStatus mapped, Instant now) {
        ProvenOutcome facts = new ProvenOutcome(idOrNull(summary.sessionId()), idOrNull(summary.clientRequestId()),
                mapped, summary.errorCode());
        return transactions.execute(tx -> {
            CallSettlement.Settled settled = settlement.settle(facts, now, result -> insert(rawJson, summary, facts,
                    mapped, result, now));
            maskIfLate(settled, now);
            return new Stored(settled.summaryId(), Outcome.of(settled.result().outcome()),
                    settled.result().messageId());
        });
    }

    private long insert(String rawJson, SessionSummary summary, ProvenOutcome facts, CallStatus mapped,
            CallSettlement.Result result, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("now", utc(now))
                .addValue("raw", rawJson)
                .addValue("eventType", truncated(summary.eventType()))
                .addValue("sessionId", facts.sessionId())
                .addValue("clientRequestId", facts.clientRequestId())
                .addValue("sessionStatus", truncated(summary.sessionStatus()))
                .addValue("mapped", mapped == null ? null : mapped.name())
                .addValue("errorCode", facts.errorCode())
                .addValue("messageId", result.messageId())
                .addValue("callNumber", result.callNumber())
                .addValue("outcome", Outcome.of(result.outcome()).name());
        return jdbc.queryForObject("""
                INSERT INTO session_summary (received_at, raw, event_type, session_id, client_request_id,
                                             session_status, mapped_status, error_code, message_id, call_number,
                                             matched_at, outcome)
                VALUES (CAST(:now AS timestamptz), CAST(:raw AS jsonb), :eventType, :sessionId, :clientRequestId,
                        :sessionStatus, :mapped, :errorCode, :messageId, :callNumber,
                        CASE WHEN CAST(:messageId AS uuid) IS NULL THEN NULL ELSE CAST(:now AS timestamptz) END,
                        :outcome)
                RETURNING id
                """, params, Long.class);
    }

    /**
     * Stores a delivery that could not be read at all, as received, with outcome IGNORED: authenticated deliveries
     * are never lost, whatever is inside them.
     */
    Stored storeUnread(String rawJson, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("now", utc(now))
                .addValue("raw", rawJson);
        return jdbc.queryForObject("""
                INSERT INTO session_summary (received_at, raw, outcome)
                VALUES (CAST(:now AS timestamptz), CAST(:raw AS jsonb), 'IGNORED')
                RETURNING id, outcome, message_id
                """, params, (rs, row) -> new Stored(rs.getLong("id"),
                Outcome.valueOf(rs.getString("outcome")), rs.getObject("message_id", UUID.class)));
    }

    /**
     * Links a stored, unmatched summary to the call that now carries its sessionId, applying it by the same rules
     * as a fresh delivery; empty if no call does yet. The caller runs it in a transaction of its own.
     */
    Optional<Stored> link(long summaryId, Instant now) {
        // Locking the summary first makes a sweep on another instance and the SessionRecorded listener link it once
        // between them.
        List<ProvenOutcome> unmatched = jdbc.query("""
                SELECT session_id, mapped_status, error_code FROM session_summary
                 WHERE id = :id AND message_id IS NULL AND session_id IS NOT NULL
                   FOR UPDATE
                """, new MapSqlParameterSource("id", summaryId), (rs, row) -> new ProvenOutcome(rs.getString(1), null,
                rs.getString(2) == null ? null : CallStatus.valueOf(rs.getString(2)),
                (Integer) rs.getObject(3)));
        if (unmatched.isEmpty()) {
            return Optional.empty();
        }
        CallSettlement.Settled settled = settlement.settle(unmatched.get(0), now, result -> {
            if (result.messageId() != null) {
                jdbc.update("""
                        UPDATE session_summary SET message_id = :messageId, call_number = :callNumber,
                               matched_at = CAST(:now AS timestamptz), outcome = :outcome
                         WHERE id = :id
                        """, new MapSqlParameterSource()
                        .addValue("id", summaryId)
                        .addValue("messageId", result.messageId())
                        .addValue("callNumber", result.callNumber())
                        .addValue("now", utc(now))
                        .addValue("outcome", Outcome.of(result.outcome()).name()));
            }
            return summaryId;
        });
        maskIfLate(settled, now);
        CallSettlement.Result result = settled.result();
        if (result.messageId() == null) {
            return Optional.empty();
        }
        return Optional.of(new Stored(summaryId, Outcome.of(result.outcome()), result.messageId()));
    }

    /** A summary of a message already erased is stored without the numbers it came with. */
    private void maskIfLate(CallSettlement.Settled settled, Instant now) {
        if (settled.messageErased() && settled.summaryId() != CallSettlement.NO_SUMMARY) {
            late.summaryStored(settled.summaryId(), now);
        }
    }

    List<Long> unmatchedWithSession(String sessionId) {
        return jdbc.queryForList("""
                SELECT id FROM session_summary WHERE message_id IS NULL AND session_id = :sessionId ORDER BY id
                """, new MapSqlParameterSource("sessionId", sessionId), Long.class);
    }

    /** Unmatched summaries whose sessionId some call carries by now (another instance, a missed event). */
    List<Long> linkable(int limit) {
        return jdbc.queryForList("""
                SELECT s.id FROM session_summary s
                WHERE s.message_id IS NULL AND s.session_id IS NOT NULL
                  AND EXISTS (SELECT 1 FROM call_state c WHERE c.session_id = s.session_id)
                ORDER BY s.id
                LIMIT :limit
                """, new MapSqlParameterSource("limit", limit), Long.class);
    }

    /** An id longer than {@link #MAX_TEXT} is nobody's: kept only in the raw JSON, and matches nothing. */
    static String idOrNull(String id) {
        return id == null || id.length() > MAX_TEXT ? null : id;
    }

    /** Descriptive text (a status, an event type) is cut to {@link #MAX_TEXT}; the raw JSON keeps it whole. */
    static String truncated(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
