package com.example.voicegateway.webhook;

import com.example.voicegateway.message.MessageStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Stores summaries and applies them to their messages with plain SQL: one autocommitted statement per delivery,
 * so the webhook's hot path is one round trip and no entity is loaded.
 *
 * <p>The message row is locked ({@code FOR UPDATE}) before it is read, so of two deliveries of one summary at the
 * same moment the second waits, then sees the status the first set, and is recorded as a duplicate. Raw SQL
 * bumps {@code version}, so a JPA writer holding an older copy (dispatch) fails instead of overwriting.
 */
@Repository
class SummaryStore {

    /**
     * The statuses a summary may settle: exactly those {@link MessageStatus} lets move to every call outcome, so the
     * SQL below cannot drift from the state machine.
     */
    static final Set<MessageStatus> SETTLEABLE = settleable();

    /** {@link #SETTLEABLE} as an SQL list, e.g. {@code ('QUEUED', 'SENDING')}. */
    static final String IN_FLIGHT = SETTLEABLE.stream().map(status -> "'" + status.name() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    /**
     * Longest sessionId / clientRequestId / status text kept in the indexed columns. 8x8's ids are UUIDs; a longer
     * value cannot be one of theirs (or ours), and PostgreSQL's btree refuses entries over ~2.7 KB. The raw JSON
     * keeps the full value.
     */
    static final int MAX_TEXT = 255;

    /**
     * SECOND_SESSION: matched by clientRequestId to a message that already has a different sessionId, i.e. 8x8
     * placed a second call for one message; stored and flagged, never applied.
     */
    enum Outcome { APPLIED, DUPLICATE, CONFLICT, SECOND_SESSION, UNMATCHED, IGNORED }

    record Stored(long id, Outcome outcome, UUID messageId) {
    }

    // target: the message, by clientRequestId (our id) first, else by 8x8's sessionId; locked, latest version.
    // applied: settles an in-flight message, and records the sessionId if dispatch has not yet (it may never).
    /**
     * The status a summary means for its message. For a message with {@code acknowledge}, an answered call
     * ({@code COMPLETED}) is {@code ACKNOWLEDGED} when a call action of that session reported the message's key,
     * otherwise {@code NOT_ACKNOWLEDGED}; %1$s is the message, %2$s the summary's mapped status, %3$s its sessionId.
     */
    private static final String EFFECTIVE = """
            CASE WHEN %2$s = 'COMPLETED' AND %1$s.ack_digit IS NOT NULL THEN
                     CASE WHEN EXISTS (SELECT 1 FROM call_action_event e
                                       WHERE e.session_id = %3$s AND e.dtmf = %1$s.ack_digit
                                         AND e.outcome <> 'IGNORED')
                          THEN 'ACKNOWLEDGED' ELSE 'NOT_ACKNOWLEDGED' END
                 ELSE %2$s END""";

    // target: the message, by clientRequestId (our id) first, else by 8x8's sessionId; locked, latest version.
    // applied: settles an in-flight message, and records the sessionId if dispatch has not yet (it may never).
    private static final String STORE = """
            WITH target AS (
                SELECT m.id, m.status,
                       COALESCE(m.session_id <> CAST(:sessionId AS text), false) AS other_session,
                       %2$s AS mapped
                FROM voice_message m
                WHERE m.id = COALESCE(
                    (SELECT c.id FROM voice_message c WHERE c.id = CAST(:messageId AS uuid)),
                    (SELECT s.id FROM voice_message s WHERE s.session_id = CAST(:sessionId AS text)
                     ORDER BY s.created_at DESC LIMIT 1))
                FOR UPDATE
            ), applied AS (
                UPDATE voice_message m SET
                    status = CASE WHEN m.status IN %1$s AND t.mapped IS NOT NULL
                                  THEN t.mapped ELSE m.status END,
                    next_attempt_at = CASE WHEN m.status IN %1$s AND t.mapped IS NOT NULL
                                           THEN NULL ELSE m.next_attempt_at END,
                    lease_owner = CASE WHEN m.status IN %1$s AND t.mapped IS NOT NULL
                                       THEN NULL ELSE m.lease_owner END,
                    lease_until = CASE WHEN m.status IN %1$s AND t.mapped IS NOT NULL
                                       THEN NULL ELSE m.lease_until END,
                    session_id = COALESCE(m.session_id, CAST(:sessionId AS text)),
                    version = m.version + 1,
                    updated_at = CAST(:now AS timestamptz)
                FROM target t
                WHERE m.id = t.id AND NOT t.other_session
                  AND ((m.status IN %1$s AND t.mapped IS NOT NULL)
                       OR (m.session_id IS NULL AND CAST(:sessionId AS text) IS NOT NULL))
                RETURNING m.id
            )
            INSERT INTO session_summary (received_at, raw, event_type, session_id, client_request_id, session_status,
                                         mapped_status, message_id, matched_at, outcome)
            SELECT CAST(:now AS timestamptz), CAST(:raw AS jsonb), CAST(:eventType AS text), CAST(:sessionId AS text),
                   CAST(:clientRequestId AS text), CAST(:sessionStatus AS text),
                   COALESCE(t.mapped, CAST(:mapped AS text)), t.id,
                   CASE WHEN t.id IS NULL THEN NULL ELSE CAST(:now AS timestamptz) END,
                   CASE WHEN t.id IS NULL THEN 'UNMATCHED'
                        WHEN t.other_session THEN 'SECOND_SESSION'
                        WHEN t.mapped IS NULL THEN 'IGNORED'
                        WHEN t.status IN %1$s THEN 'APPLIED'
                        WHEN t.status = t.mapped THEN 'DUPLICATE'
                        ELSE 'CONFLICT' END
            FROM (VALUES (1)) AS one (x) LEFT JOIN target t ON true
            RETURNING id, outcome, message_id
            """.formatted(IN_FLIGHT, EFFECTIVE.formatted("m", "CAST(:mapped AS text)", "CAST(:sessionId AS text)"));

    // The same rules for a summary stored before its message's sessionId was known. Locking the summary first
    // makes a sweep on another instance and the SessionRecorded listener link it once between them.
    private static final String LINK = """
            WITH s AS (
                SELECT id, session_id, mapped_status FROM session_summary
                WHERE id = :summaryId AND message_id IS NULL
                FOR UPDATE
            ), target AS (
                SELECT m.id, m.status, %2$s AS mapped
                FROM voice_message m, s
                WHERE m.id = (SELECT v.id FROM voice_message v WHERE v.session_id = s.session_id
                              ORDER BY v.created_at DESC LIMIT 1)
                FOR UPDATE OF m
            ), applied AS (
                UPDATE voice_message m SET
                    status = t.mapped,
                    next_attempt_at = NULL,
                    lease_owner = NULL,
                    lease_until = NULL,
                    version = m.version + 1,
                    updated_at = CAST(:now AS timestamptz)
                FROM target t
                WHERE m.id = t.id AND m.status IN %1$s AND t.mapped IS NOT NULL
                RETURNING m.id
            )
            UPDATE session_summary ss SET
                message_id = t.id,
                matched_at = CAST(:now AS timestamptz),
                mapped_status = t.mapped,
                outcome = CASE WHEN t.mapped IS NULL THEN 'IGNORED'
                               WHEN t.status IN %1$s THEN 'APPLIED'
                               WHEN t.status = t.mapped THEN 'DUPLICATE'
                               ELSE 'CONFLICT' END
            FROM s, target t
            WHERE ss.id = s.id
            RETURNING ss.id, ss.outcome, ss.message_id
            """.formatted(IN_FLIGHT, EFFECTIVE.formatted("m", "s.mapped_status", "s.session_id"));

    private final NamedParameterJdbcTemplate jdbc;

    SummaryStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores one delivery and applies it, in one statement (autocommit: no transaction is open here), so the row
     * is durable when this returns.
     */
    Stored store(String rawJson, SessionSummary summary, MessageStatus mapped, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("now", utc(now))
                .addValue("raw", rawJson)
                .addValue("eventType", truncated(summary.eventType()))
                .addValue("sessionId", idOrNull(summary.sessionId()))
                .addValue("clientRequestId", idOrNull(summary.clientRequestId()))
                .addValue("messageId", asUuid(summary.clientRequestId()))
                .addValue("sessionStatus", truncated(summary.sessionStatus()))
                .addValue("mapped", mapped == null ? null : mapped.name());
        return jdbc.queryForObject(STORE, params, (rs, row) -> new Stored(rs.getLong("id"),
                Outcome.valueOf(rs.getString("outcome")), rs.getObject("message_id", UUID.class)));
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

    /** Links a stored, unmatched summary to the message that now carries its sessionId; empty if none does. */
    Optional<Stored> link(long summaryId, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("summaryId", summaryId)
                .addValue("now", utc(now));
        return jdbc.query(LINK, params, (rs, row) -> new Stored(rs.getLong("id"),
                Outcome.valueOf(rs.getString("outcome")), rs.getObject("message_id", UUID.class))).stream().findFirst();
    }

    List<Long> unmatchedWithSession(String sessionId) {
        return jdbc.queryForList("""
                SELECT id FROM session_summary WHERE message_id IS NULL AND session_id = :sessionId ORDER BY id
                """, new MapSqlParameterSource("sessionId", sessionId), Long.class);
    }

    /** Unmatched summaries whose sessionId some message carries by now (another instance, a missed event). */
    List<Long> linkable(int limit) {
        return jdbc.queryForList("""
                SELECT s.id FROM session_summary s
                WHERE s.message_id IS NULL AND s.session_id IS NOT NULL
                  AND EXISTS (SELECT 1 FROM voice_message m WHERE m.session_id = s.session_id)
                ORDER BY s.id
                LIMIT :limit
                """, new MapSqlParameterSource("limit", limit), Long.class);
    }

    /** Our message ids are UUIDs; anything else (another system's id, a typo) cannot be ours. */
    static UUID asUuid(String clientRequestId) {
        if (clientRequestId == null || clientRequestId.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(clientRequestId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An id longer than {@link #MAX_TEXT} is nobody's: kept only in the raw JSON, and matches nothing. */
    static String idOrNull(String id) {
        return id == null || id.length() > MAX_TEXT ? null : id;
    }

    /** Descriptive text (a status, an event type) is cut to {@link #MAX_TEXT}; the raw JSON keeps it whole. */
    static String truncated(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }

    private static Set<MessageStatus> settleable() {
        Set<MessageStatus> settleable = EnumSet.noneOf(MessageStatus.class);
        for (MessageStatus status : MessageStatus.values()) {
            if (status.allowedNext().containsAll(MessageStatus.CALL_OUTCOMES)) {
                settleable.add(status);
            }
        }
        return Collections.unmodifiableSet(settleable);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
