package com.example.voicegateway.retention;

import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.PhoneNumbers;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
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

    /**
     * Free texts an erased message's rows keep that can quote a number: 8x8's status messages and errors, and the
     * reconciler's notes on the call. The notes are written with the number masked (they are logged too); masking
     * them here keeps a note written any other way from holding a number past retention.
     */
    private static final List<OwnedTexts> TEXTS_OF_MESSAGES = List.of(
            new OwnedTexts("dispatch_attempt", List.of("id"), List.of("status_message", "error")),
            new OwnedTexts("reconcile_action", List.of("id"), List.of("detail")),
            new OwnedTexts("reconcile_flag", List.of("message_id", "call_number"), List.of("detail")));

    // Issue 12's outbox: each event's payload is a snapshot of the message as it was, numbers and text included.
    private static final String CALLBACKS_OF = """
            SELECT id, payload FROM callback_event WHERE message_id = ANY(?) FOR UPDATE
            """;

    private static final String ERASE_CALLBACK = "UPDATE callback_event SET payload = ? WHERE id = ?";

    /** What a snapshot holds that is erased outright; the numbers in it are masked like everywhere else. */
    private static final java.util.Set<String> ERASED_FIELDS = java.util.Set.of("text", "audioUrl", "clientReference");

    // Everything a message owns goes with it (ON DELETE CASCADE).
    private static final String DELETE_MESSAGES = """
            DELETE FROM voice_message WHERE id IN (
                SELECT id FROM voice_message WHERE created_at < ? AND status IN %s
                ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)
            """.formatted(FINISHED);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    RetentionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Erased(int messages, int summaries, int callActions) {
    }

    /** A delivery as stored: its JSON body, or the text jsonb refused. */
    private record Body(long id, String raw, String rawText) {
    }

    /** Text columns of a table whose rows belong to a message, and the columns that pick one row. */
    private record OwnedTexts(String table, List<String> keys, List<String> texts) {

        String select() {
            return "SELECT %s, %s FROM %s WHERE message_id = ANY(?) FOR UPDATE".formatted(String.join(", ", keys),
                    String.join(", ", texts), table);
        }

        String update() {
            return "UPDATE %s SET %s WHERE %s".formatted(table,
                    texts.stream().map(c -> c + " = ?").collect(Collectors.joining(", ")),
                    keys.stream().map(c -> c + " = ?").collect(Collectors.joining(" AND ")));
        }
    }

    private record MessageRow(UUID id, String destination, String source, String fallbacks, String lastError,
            String statusMessage) {
    }

    /**
     * Erases up to {@code limit} finished messages created before {@code cutoff}, with their calls, attempts,
     * callback events, reconciliation notes, summaries and call action events.
     */
    @Transactional
    public Erased eraseMessages(Instant cutoff, int limit, Instant now) {
        List<MessageRow> messages = jdbc.query(CLAIM_MESSAGES_TO_ERASE, (rs, i) -> new MessageRow(
                rs.getObject("id", UUID.class), rs.getString("destination"), rs.getString("source"),
                rs.getString("fallback_destinations"), rs.getString("last_error"), rs.getString("status_message")),
                Timestamp.from(cutoff), limit);
        if (messages.isEmpty()) {
            return new Erased(0, 0, 0);
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
        TEXTS_OF_MESSAGES.forEach(texts -> maskTexts(texts, ids));
        List<Object[]> callbacks = jdbc.query(CALLBACKS_OF, (rs, i) -> new Object[] {
                erasedSnapshot(rs.getString("payload")), rs.getObject("id", UUID.class)}, ids);
        if (!callbacks.isEmpty()) {
            jdbc.batchUpdate(ERASE_CALLBACK, callbacks);
        }
        int summaries = mask(Deliveries.SESSION_SUMMARY,
                jdbc.query(Deliveries.SESSION_SUMMARY.ofMessages, RetentionStore::body, ids), now);
        int callActions = mask(Deliveries.CALL_ACTION,
                jdbc.query(Deliveries.CALL_ACTION.ofMessages, RetentionStore::body, ids), now);
        return new Erased(messages.size(), summaries, callActions);
    }

    /** Masks up to {@code limit} deliveries received before {@code cutoff} that are not masked yet. */
    @Transactional
    public int eraseOld(Deliveries deliveries, Instant cutoff, int limit, Instant now) {
        return mask(deliveries, jdbc.query(deliveries.old, RetentionStore::body, Timestamp.from(cutoff), limit), now);
    }

    @Transactional
    public int deleteMessages(Instant cutoff, int limit) {
        return jdbc.update(DELETE_MESSAGES, Timestamp.from(cutoff), limit);
    }

    /** Deletes up to {@code limit} deliveries no message claimed, received before {@code cutoff}. */
    @Transactional
    public int deleteUnmatched(Deliveries deliveries, Instant cutoff, int limit) {
        return jdbc.update(deliveries.deleteUnmatched, Timestamp.from(cutoff), limit);
    }

    /** Rewrites only the rows that held a number. */
    private void maskTexts(OwnedTexts owned, java.sql.Array ids) {
        List<Object[]> changed = new ArrayList<>();
        jdbc.query(owned.select(), (RowCallbackHandler) rs -> {
            List<Object> values = new ArrayList<>();
            boolean held = false;
            for (String column : owned.texts()) {
                String text = rs.getString(column);
                String masked = PhoneMasking.maskText(text);
                held |= !Objects.equals(text, masked);
                values.add(masked);
            }
            for (String key : owned.keys()) {
                values.add(rs.getObject(key));
            }
            if (held) {
                changed.add(values.toArray());
            }
        }, ids);
        if (!changed.isEmpty()) {
            jdbc.batchUpdate(owned.update(), changed);
        }
    }

    private static String erasedSnapshot(String payload) {
        JsonNode root = JSON.readTree(payload);
        removeFields(root);
        return JSON.writeValueAsString(PhoneMasking.maskJson(root));
    }

    private static String maskedJson(String json) {
        return JSON.writeValueAsString(PhoneMasking.maskJson(JSON.readTree(json)));
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

    private static Body body(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Body(rs.getLong("id"), rs.getString("raw"), rs.getString("raw_text"));
    }

    private int mask(Deliveries deliveries, List<Body> bodies, Instant now) {
        if (bodies.isEmpty()) {
            return 0;
        }
        Timestamp erasedAt = Timestamp.from(now);
        jdbc.batchUpdate(deliveries.mask, bodies.stream().map(b -> {
            String raw = b.raw() == null ? null : maskedJson(b.raw());
            return deliveries.hasRawText ? new Object[] {raw, PhoneMasking.maskText(b.rawText()), erasedAt, b.id()}
                    : new Object[] {raw, erasedAt, b.id()};
        }).toList());
        return bodies.size();
    }
}
