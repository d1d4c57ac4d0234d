package com.example.voicegateway.retention;

import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.PhoneNumbers;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One bounded batch per call, each in its own short transaction. Rows are claimed with {@code FOR UPDATE SKIP
 * LOCKED}: several instances share the work without waiting for each other, and a row another writer holds (a
 * late webhook, a cancel) is simply left for the next run. Only finished messages are touched; intake inserts new
 * rows and dispatch works on unfinished ones, so neither ever waits for a sweep.
 */
@Component
class RetentionStore {

    /** The statuses no one changes any more; a message in any other status may still need its number. */
    private static final String FINISHED = Arrays.stream(MessageStatus.values())
            .filter(MessageStatus::isTerminal)
            .map(s -> "'" + s.name() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    private static final String CLAIM_MESSAGES_TO_ERASE = """
            SELECT id, destination, source, fallback_destinations, last_error, status_message FROM voice_message
            WHERE personal_data_erased_at IS NULL AND created_at < ? AND status IN %s
            ORDER BY created_at
            LIMIT ?
            FOR UPDATE SKIP LOCKED
            """.formatted(FINISHED);

    // Status, times, attempts, 8x8's codes and the session id stay: they say what happened, not to whom.
    // No status change here; version moves so a JPA writer holding an old copy fails instead of writing it back.
    private static final String ERASE_MESSAGE = """
            UPDATE voice_message
            SET destination = ?, source = ?, fallback_destinations = ?, text = NULL, audio_url = NULL,
                client_reference = NULL, request_fingerprint = NULL, last_error = ?, status_message = ?,
                personal_data_erased_at = ?, version = version + 1
            WHERE id = ?
            """;

    // The calls of an erased message: their numbers are masked like the message's (the message's lock covers them).
    private static final String CALLS_OF = """
            SELECT message_id, call_number, destination FROM voice_call WHERE message_id = ANY(?)
            """;

    private static final String MASK_CALL =
            "UPDATE voice_call SET destination = ? WHERE message_id = ? AND call_number = ?";

    private static final String ATTEMPTS_OF = """
            SELECT id, status_message, error FROM dispatch_attempt WHERE message_id = ANY(?) FOR UPDATE
            """;

    private static final String MASK_ATTEMPT = "UPDATE dispatch_attempt SET status_message = ?, error = ? WHERE id = ?";

    private static final String SUMMARIES_OF = """
            SELECT id, raw::text AS raw FROM session_summary
            WHERE message_id = ANY(?) AND personal_data_erased_at IS NULL
            FOR UPDATE SKIP LOCKED
            """;

    // Issue 12's outbox: each event's payload is a snapshot of the message as it was, numbers and text included.
    private static final String CALLBACKS_OF = """
            SELECT id, payload FROM callback_event WHERE message_id = ANY(?) FOR UPDATE
            """;

    private static final String ERASE_CALLBACK = "UPDATE callback_event SET payload = ? WHERE id = ?";

    /** What a snapshot holds that is erased outright; the numbers in it are masked like everywhere else. */
    private static final java.util.Set<String> ERASED_FIELDS = java.util.Set.of("text", "audioUrl", "clientReference");

    /** Summaries by their own age: unmatched ones, and any that reached a message after it was erased. */
    private static final String CLAIM_OLD_SUMMARIES = """
            SELECT id, raw::text AS raw FROM session_summary
            WHERE personal_data_erased_at IS NULL AND received_at < ?
            ORDER BY received_at
            LIMIT ?
            FOR UPDATE SKIP LOCKED
            """;

    private static final String MASK_SUMMARY =
            "UPDATE session_summary SET raw = ?::jsonb, personal_data_erased_at = ? WHERE id = ?";

    // Attempts and summaries go with their message (ON DELETE CASCADE).
    private static final String DELETE_MESSAGES = """
            DELETE FROM voice_message WHERE id IN (
                SELECT id FROM voice_message WHERE created_at < ? AND status IN %s
                ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)
            """.formatted(FINISHED);

    private static final String DELETE_UNMATCHED_SUMMARIES = """
            DELETE FROM session_summary WHERE id IN (
                SELECT id FROM session_summary WHERE message_id IS NULL AND received_at < ?
                ORDER BY received_at LIMIT ? FOR UPDATE SKIP LOCKED)
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    RetentionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Erased(int messages, int summaries) {
    }

    private record Row(Object id, String first, String second) {
    }

    private record MessageRow(UUID id, String destination, String source, String fallbacks, String lastError,
            String statusMessage) {
    }

    /**
     * Erases up to {@code limit} finished messages created before {@code cutoff}, with their calls, attempts,
     * callback events and summaries.
     */
    @Transactional
    public Erased eraseMessages(Instant cutoff, int limit, Instant now) {
        List<MessageRow> messages = jdbc.query(CLAIM_MESSAGES_TO_ERASE, (rs, i) -> new MessageRow(
                rs.getObject("id", UUID.class), rs.getString("destination"), rs.getString("source"),
                rs.getString("fallback_destinations"), rs.getString("last_error"), rs.getString("status_message")),
                Timestamp.from(cutoff), limit);
        if (messages.isEmpty()) {
            return new Erased(0, 0);
        }
        Timestamp erasedAt = Timestamp.from(now);
        jdbc.batchUpdate(ERASE_MESSAGE, messages.stream().map(m -> new Object[] {
                PhoneNumbers.mask(m.destination()), PhoneNumbers.mask(m.source()),
                PhoneMasking.maskText(m.fallbacks()), PhoneMasking.maskText(m.lastError()),
                PhoneMasking.maskText(m.statusMessage()), erasedAt, m.id()}).toList());
        java.sql.Array ids = uuidArray(messages.stream().map(MessageRow::id).toArray());
        List<Object[]> calls = jdbc.query(CALLS_OF, (rs, i) -> new Object[] {
                PhoneNumbers.mask(rs.getString("destination")), rs.getObject("message_id", UUID.class),
                rs.getShort("call_number")}, ids);
        if (!calls.isEmpty()) {
            jdbc.batchUpdate(MASK_CALL, calls);
        }
        List<Object[]> attempts = jdbc.query(ATTEMPTS_OF, (rs, i) -> new Row(rs.getLong("id"),
                        rs.getString("status_message"), rs.getString("error")), ids).stream()
                .filter(a -> !Objects.equals(a.first(), PhoneMasking.maskText(a.first()))
                        || !Objects.equals(a.second(), PhoneMasking.maskText(a.second())))
                .map(a -> new Object[] {PhoneMasking.maskText(a.first()), PhoneMasking.maskText(a.second()), a.id()})
                .toList();
        if (!attempts.isEmpty()) {
            jdbc.batchUpdate(MASK_ATTEMPT, attempts);
        }
        List<Object[]> callbacks = jdbc.query(CALLBACKS_OF, (rs, i) -> new Object[] {
                erasedSnapshot(rs.getString("payload")), rs.getObject("id", UUID.class)}, ids);
        if (!callbacks.isEmpty()) {
            jdbc.batchUpdate(ERASE_CALLBACK, callbacks);
        }
        int summaries = maskSummaries(jdbc.query(SUMMARIES_OF,
                (rs, i) -> new Row(rs.getLong("id"), rs.getString("raw"), null), ids), now);
        return new Erased(messages.size(), summaries);
    }

    /** Masks up to {@code limit} summaries received before {@code cutoff} that are not masked yet. */
    @Transactional
    public int eraseOldSummaries(Instant cutoff, int limit, Instant now) {
        return maskSummaries(jdbc.query(CLAIM_OLD_SUMMARIES, (rs, i) -> new Row(rs.getLong("id"), rs.getString("raw"),
                null), Timestamp.from(cutoff), limit), now);
    }

    @Transactional
    public int deleteMessages(Instant cutoff, int limit) {
        return jdbc.update(DELETE_MESSAGES, Timestamp.from(cutoff), limit);
    }

    @Transactional
    public int deleteUnmatchedSummaries(Instant cutoff, int limit) {
        return jdbc.update(DELETE_UNMATCHED_SUMMARIES, Timestamp.from(cutoff), limit);
    }

    private static String erasedSnapshot(String payload) {
        JsonNode root = JSON.readTree(payload);
        removeFields(root);
        return JSON.writeValueAsString(PhoneMasking.maskJson(root));
    }

    private static void removeFields(JsonNode node) {
        if (node instanceof tools.jackson.databind.node.ObjectNode object) {
            ERASED_FIELDS.forEach(object::remove);
        }
        node.forEach(RetentionStore::removeFields);
    }

    /** Bound to the transaction's connection, where the statements using it run. */
    private java.sql.Array uuidArray(Object[] ids) {
        return jdbc.execute((ConnectionCallback<java.sql.Array>) c -> c.createArrayOf("uuid", ids));
    }

    private int maskSummaries(List<Row> summaries, Instant now) {
        if (summaries.isEmpty()) {
            return 0;
        }
        Timestamp erasedAt = Timestamp.from(now);
        jdbc.batchUpdate(MASK_SUMMARY, summaries.stream().map(s -> new Object[] {
                JSON.writeValueAsString(PhoneMasking.maskJson(JSON.readTree(s.first()))), erasedAt, s.id()}).toList());
        return summaries.size();
    }
}
