package com.example.voicegateway.message;

import com.example.voicegateway.phone.PhoneNumbers;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Retention's commands on the ledger: erasing the personal data of done messages and their calls, and deleting done
 * messages. Only done messages ({@link MessageStatus#isDone}) are touched, and rows are claimed with {@code FOR UPDATE
 * SKIP LOCKED}: a row another writer holds (a late webhook, a cancel) is left for the next run, and no writer ever
 * waits for a sweep. No status moves. What each table keeps after erasure is listed in docs/security.md ("Personal
 * data: what and where").
 */
@Component
public class PersonalDataErasure {

    /** No call pending and none to come; a message in any other status may still need its number and text. */
    private static final String DONE = StatusGuards.sql(EnumSet.copyOf(
            Arrays.stream(MessageStatus.values()).filter(MessageStatus::isDone).toList()));

    private static final String CLAIM_MESSAGES_TO_ERASE = """
            SELECT id, destination, source, fallback_destinations, skipped_fallbacks FROM voice_message
            WHERE personal_data_erased_at IS NULL AND created_at < ? AND outcome IN %s
            ORDER BY created_at
            LIMIT ?
            FOR UPDATE SKIP LOCKED
            """.formatted(DONE);

    // Status, times, attempts, 8x8's codes, the session id and the acknowledge digit stay: they say what happened,
    // not to whom. The Idempotency-Key and the callback URL go: clients put emails, numbers and tokens in them.
    // No status changes here.
    private static final String ERASE_MESSAGE = """
            UPDATE voice_message
            SET destination = ?, source = ?, fallback_destinations = ?, skipped_fallbacks = ?, text = NULL,
                audio_url = NULL, client_reference = NULL, idempotency_key = NULL, request_fingerprint = NULL,
                ack_prompt = NULL, ack_thanks = NULL, opt_out_prompt = NULL, opt_out_confirmation = NULL,
                callback_url = NULL, personal_data_erased_at = ?
            WHERE id = ?
            """;

    // The calls of an erased message: their numbers are masked like the message's, and the free texts that may quote
    // one (lastError, 8x8's status message) are masked too. A done message's calls are all ended, so no writer of
    // calls moves them any more; the message's lock keeps the ones that lock a message first away meanwhile.
    private static final String CALLS_OF = """
            SELECT message_id, call_number, destination, last_error, status_message FROM voice_call
            WHERE message_id = ANY(?)
            """;

    private static final String MASK_CALL = """
            UPDATE voice_call SET destination = ?, last_error = ?, status_message = ?
            WHERE message_id = ? AND call_number = ?
            """;

    // Everything a message owns goes with it (ON DELETE CASCADE).
    private static final String DELETE_MESSAGES = """
            DELETE FROM voice_message WHERE id IN (
                SELECT id FROM voice_message WHERE created_at < ? AND outcome IN %s
                ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)
            """.formatted(DONE);

    private record MessageRow(UUID id, String destination, String source, String fallbacks, String skipped) {
    }

    private final JdbcTemplate jdbc;

    PersonalDataErasure(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Erases the personal data of up to {@code limit} done messages created before {@code before} and of their
     * calls: content, references and URLs go, numbers are masked ({@link PhoneNumbers#mask}), and free texts that
     * may quote one (fallbacks, lastError, 8x8's status message) pass through {@code maskText}. Returns the erased
     * messages' ids, so the caller erases what its own tables hold of them in the same transaction.
     */
    @Transactional
    public List<UUID> eraseDone(Instant before, int limit, Instant now, UnaryOperator<String> maskText) {
        List<MessageRow> messages = jdbc.query(CLAIM_MESSAGES_TO_ERASE, (rs, i) -> new MessageRow(
                rs.getObject("id", UUID.class), rs.getString("destination"), rs.getString("source"),
                rs.getString("fallback_destinations"), rs.getString("skipped_fallbacks")),
                Timestamp.from(before), limit);
        if (messages.isEmpty()) {
            return List.of();
        }
        Timestamp erasedAt = Timestamp.from(now);
        jdbc.batchUpdate(ERASE_MESSAGE, messages.stream().map(m -> new Object[] {
                PhoneNumbers.mask(m.destination()), PhoneNumbers.mask(m.source()),
                maskText.apply(m.fallbacks()), maskText.apply(m.skipped()), erasedAt, m.id()}).toList());
        List<UUID> ids = messages.stream().map(MessageRow::id).toList();
        List<Object[]> calls = jdbc.query(CALLS_OF, (rs, i) -> new Object[] {
                PhoneNumbers.mask(rs.getString("destination")), maskText.apply(rs.getString("last_error")),
                maskText.apply(rs.getString("status_message")), rs.getObject("message_id", UUID.class),
                rs.getShort("call_number")}, uuidArray(ids));
        if (!calls.isEmpty()) {
            jdbc.batchUpdate(MASK_CALL, calls);
        }
        return ids;
    }

    /** Deletes up to {@code limit} done messages created before {@code before}, and everything they own. */
    @Transactional
    public int deleteDone(Instant before, int limit) {
        return jdbc.update(DELETE_MESSAGES, Timestamp.from(before), limit);
    }

    /** Bound to the transaction's connection, where the statement using it runs. */
    private java.sql.Array uuidArray(List<UUID> ids) {
        return jdbc.execute((ConnectionCallback<java.sql.Array>) c -> c.createArrayOf("uuid", ids.toArray()));
    }
}
