package com.example.voicegateway.retention;

import com.example.voicegateway.config.EightByEightJson;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.PersonalDataErasure;
import com.example.voicegateway.phone.PhoneNumbers;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One bounded batch per call, each in its own short transaction. Rows are claimed with {@code FOR UPDATE SKIP
 * LOCKED}: several instances share the work without waiting for each other, and a row another writer holds (a
 * late webhook, a cancel) is simply left for the next run. Only done messages ({@link MessageStatus#isDone}) are
 * touched; intake inserts new rows and dispatch works on messages not done, so neither ever waits for a sweep. The
 * messages and calls themselves are erased and deleted by the ledger ({@link PersonalDataErasure}); this erases what
 * the other tables hold of them, in the same transaction. What each table keeps after erasure is listed in
 * docs/security.md ("Personal data: what and where").
 */
@Component
class RetentionStore {

    /**
     * Free texts an erased message's rows keep that can quote a number: 8x8's status messages and errors, the
     * reconciler's notes on the call, and the audit trail's details. The notes and details are written with the
     * number masked (they are logged too); masking them here keeps one written any other way from holding a number
     * past retention.
     */
    private static final List<OwnedTexts> TEXTS_OF_MESSAGES = List.of(
            new OwnedTexts("dispatch_attempt", List.of("id"), List.of("status_message", "error")),
            new OwnedTexts("reconcile_action", List.of("id"), List.of("detail")),
            new OwnedTexts("reconcile_flag", List.of("message_id", "call_number"), List.of("detail")),
            new OwnedTexts("audit_event", List.of("id"), List.of("detail")));

    // Issue 12's outbox: each event's payload is a snapshot of the message as it was, numbers and text included,
    // and its URL the callback URL. An event still PENDING is not sent any more: its URL is gone, and the receiver
    // would get a message that has lost what it was about. An attempt in flight loses its lease, so its outcome is
    // not written over this.
    private static final String CALLBACKS_OF = """
            SELECT id, payload, url, status, last_error FROM callback_event WHERE message_id = ANY(?) FOR UPDATE
            """;

    private static final String ERASE_CALLBACK = """
            UPDATE callback_event
            SET payload = ?, url = ?, last_error = ?,
                status = CASE WHEN status = 'PENDING' THEN 'FAILED' ELSE status END,
                next_attempt_at = NULL, lease_owner = NULL, updated_at = ?
            WHERE id = ?
            """;

    static final String NOT_SENT = "not sent: the message's personal data was erased (gateway.retention.personal-data)";

    /**
     * What a snapshot holds that is erased outright, wherever it stands: the content, the acknowledge prompt and
     * thanks, the client's reference, the callback URL. The numbers in it are masked like everywhere else.
     */
    private static final Set<String> ERASED_FIELDS = Set.of("text", "audioUrl", "clientReference", "prompt",
            "thanks", "confirmation", "callbackUrl", "idempotencyKey");

    // What is masked here is 8x8's JSON (summaries, key presses) as stored: only trees are read and written.
    private final JsonMapper json;

    private final JdbcTemplate jdbc;
    private final PersonalDataErasure ledger;

    RetentionStore(JdbcTemplate jdbc, PersonalDataErasure ledger, @EightByEightJson JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.ledger = ledger;
    }

    record Erased(int messages, int summaries, int callActions) {
    }

    /** A delivery as stored: its JSON body, and its free-text columns ({@link Deliveries#texts}) in order. */
    private record Body(long id, String raw, List<String> texts) {
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

    /**
     * Erases up to {@code limit} done messages created before {@code cutoff}, with their calls, attempts, callback
     * events, reconciliation notes, audit details, summaries and call action events.
     */
    @Transactional
    public Erased eraseMessages(Instant cutoff, int limit, Instant now) {
        List<UUID> erased = ledger.eraseDone(cutoff, limit, now, PhoneMasking::maskText);
        if (erased.isEmpty()) {
            return new Erased(0, 0, 0);
        }
        Timestamp erasedAt = Timestamp.from(now);
        java.sql.Array ids = uuidArray(erased.toArray());
        TEXTS_OF_MESSAGES.forEach(texts -> maskTexts(texts, ids));
        List<Object[]> callbacks = jdbc.query(CALLBACKS_OF, (rs, i) -> new Object[] {
                erasedSnapshot(rs.getString("payload")), origin(rs.getString("url")),
                "PENDING".equals(rs.getString("status")) ? NOT_SENT : PhoneMasking.maskText(rs.getString("last_error")),
                erasedAt, rs.getObject("id", UUID.class)}, ids);
        if (!callbacks.isEmpty()) {
            jdbc.batchUpdate(ERASE_CALLBACK, callbacks);
        }
        int summaries = mask(Deliveries.SESSION_SUMMARY,
                jdbc.query(Deliveries.SESSION_SUMMARY.ofMessages, body(Deliveries.SESSION_SUMMARY), ids), now);
        int callActions = mask(Deliveries.CALL_ACTION,
                jdbc.query(Deliveries.CALL_ACTION.ofMessages, body(Deliveries.CALL_ACTION), ids), now);
        return new Erased(erased.size(), summaries, callActions);
    }

    /** Masks up to {@code limit} deliveries received before {@code cutoff} that are not masked yet. */
    @Transactional
    public int eraseOld(Deliveries deliveries, Instant cutoff, int limit, Instant now) {
        return mask(deliveries, jdbc.query(deliveries.old, body(deliveries), Timestamp.from(cutoff), limit), now);
    }

    /** Masks one delivery at once; runs in the caller's transaction (a webhook's, see {@link LateDeliveries}). */
    void eraseOne(Deliveries deliveries, long id, Instant now) {
        mask(deliveries, jdbc.query(deliveries.one, body(deliveries), id), now);
    }

    @Transactional
    public int deleteMessages(Instant cutoff, int limit) {
        return ledger.deleteDone(cutoff, limit);
    }

    /**
     * Do-not-call entries made before {@code cutoff} that still hold their number: the number is masked and a
     * client's reason (free text, maybe about the person) is replaced, up to {@code limit} of them. The entry stays in
     * force: intake finds it by its key (the number's HMAC, kept), so the suppression outlives the erasure. A key
     * press's reason is the gateway's own words and stays.
     */
    @Transactional
    public int eraseSuppressions(Instant cutoff, int limit, Instant now) {
        List<Object[]> rows = jdbc.query("""
                SELECT id, destination FROM suppression
                 WHERE personal_data_erased_at IS NULL AND created_at < ?
                 ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED
                """, (rs, i) -> new Object[] {PhoneNumbers.mask(rs.getString("destination")), SUPPRESSION_REASON_ERASED,
                        Timestamp.from(now), rs.getObject("id", UUID.class)}, Timestamp.from(cutoff), limit);
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    UPDATE suppression
                       SET destination = ?, reason = CASE WHEN origin = 'KEY_PRESS' THEN reason ELSE ? END,
                           personal_data_erased_at = ?
                     WHERE id = ?
                    """, rows);
        }
        return rows.size();
    }

    static final String SUPPRESSION_REASON_ERASED = "(erased after gateway.retention.personal-data; the number stays"
            + " on the list by its key)";

    /** Do-not-call entries whose {@code expiresAt} has passed: nothing to keep them for, up to {@code limit}. */
    @Transactional
    public int deleteExpiredSuppressions(Instant now, int limit) {
        return jdbc.update("""
                DELETE FROM suppression WHERE id IN (
                    SELECT id FROM suppression WHERE expires_at <= ? LIMIT ? FOR UPDATE SKIP LOCKED)
                """, Timestamp.from(now), limit);
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

    private String erasedSnapshot(String payload) {
        JsonNode root = json.readTree(payload);
        removeFields(root);
        return json.writeValueAsString(PhoneMasking.maskJson(root));
    }

    private String maskedJson(String body) {
        return json.writeValueAsString(PhoneMasking.maskJson(json.readTree(body)));
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

    private static RowMapper<Body> body(Deliveries deliveries) {
        return (rs, row) -> {
            List<String> texts = new ArrayList<>();
            for (String column : deliveries.texts) {
                texts.add(rs.getString(column));
            }
            return new Body(rs.getLong("id"), rs.getString("raw"), texts);
        };
    }

    /**
     * What an erased event keeps of its callback URL: scheme, host and port, as its {@code host} column does. Path,
     * query and user info, where a token or a person's id may be, go.
     */
    static String origin(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            }
        } catch (IllegalArgumentException unreadable) {
            // nothing of it is kept
        }
        return "(erased)";
    }

    private int mask(Deliveries deliveries, List<Body> bodies, Instant now) {
        if (bodies.isEmpty()) {
            return 0;
        }
        Timestamp erasedAt = Timestamp.from(now);
        jdbc.batchUpdate(deliveries.mask, bodies.stream().map(b -> {
            List<Object> values = new ArrayList<>();
            values.add(b.raw() == null ? null : maskedJson(b.raw()));
            b.texts().forEach(text -> values.add(PhoneMasking.maskText(text)));
            values.add(erasedAt);
            values.add(b.id());
            return values.toArray();
        }).toList());
        return bodies.size();
    }
}
