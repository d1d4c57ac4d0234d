package com.example.voicegateway.retention;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The tables that keep 8x8's webhook deliveries as they were received. Their bodies hold the call's numbers, so they
 * are masked in place once, with their message or by their own age, and those no message ever claimed are deleted
 * by their own age. {@code personal_data_erased_at} marks a row done, so no batch reads it twice.
 */
enum Deliveries {

    SESSION_SUMMARY("session_summary", List.of()),
    // A body that jsonb refused is kept in raw_text instead (a call action is never refused); dtmf is what the
    // person keyed in, a single key or, for a confused caller, a number of their own.
    CALL_ACTION("call_action_event", List.of("raw_text", "dtmf"));

    /** The table's name, also the {@code table} tag of the retention meters. */
    final String table;
    /** Free-text columns besides the JSON body {@code raw}, masked with it. */
    final List<String> texts;
    final String ofMessages;
    final String old;
    final String one;
    final String mask;
    final String deleteUnmatched;

    Deliveries(String table, List<String> texts) {
        this.table = table;
        this.texts = texts;
        String bodies = "id, raw::text AS raw" + texts.stream().map(c -> ", " + c).collect(Collectors.joining());
        // Skipped when locked: the row is then masked by its own age on a later run.
        this.ofMessages = """
                SELECT %s FROM %s
                WHERE message_id = ANY(?) AND personal_data_erased_at IS NULL
                FOR UPDATE SKIP LOCKED
                """.formatted(bodies, table);
        // Unmatched rows, and any that reached a message after the message was erased.
        this.old = """
                SELECT %s FROM %s
                WHERE personal_data_erased_at IS NULL AND received_at < ?
                ORDER BY received_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED
                """.formatted(bodies, table);
        // One delivery its webhook has just stored for an erased message, in the webhook's transaction.
        this.one = "SELECT %s FROM %s WHERE id = ? AND personal_data_erased_at IS NULL FOR UPDATE"
                .formatted(bodies, table);
        this.mask = "UPDATE %s SET raw = CAST(? AS jsonb), %spersonal_data_erased_at = ? WHERE id = ?"
                .formatted(table, texts.stream().map(c -> c + " = ?, ").collect(Collectors.joining()));
        // Rows of a message go with it (ON DELETE CASCADE).
        this.deleteUnmatched = """
                DELETE FROM %1$s WHERE id IN (
                    SELECT id FROM %1$s WHERE message_id IS NULL AND received_at < ?
                    ORDER BY received_at LIMIT ? FOR UPDATE SKIP LOCKED)
                """.formatted(table);
    }
}
