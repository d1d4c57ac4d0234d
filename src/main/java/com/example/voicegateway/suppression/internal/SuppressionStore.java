package com.example.voicegateway.suppression.internal;

import com.example.voicegateway.config.JdbcTime;
import com.example.voicegateway.message.SuppressionList;
import com.example.voicegateway.suppression.SuppressionView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code suppression} table's one writer (retention masks its numbers, as it does every table's). An entry is
 * one number on one list: a client's ({@code owner}) or the global one ({@code owner} null), keyed by the number's
 * HMAC so it is found after its number was masked.
 */
@Repository
public class SuppressionStore {

    /** One entry as stored. */
    public record Entry(UUID id, String owner, String destination, String reason, SuppressionView.Origin origin,
            String createdBy, Instant createdAt, Instant expiresAt, UUID messageId, Instant erasedAt) {

        public SuppressionView view() {
            return new SuppressionView(destination, owner == null ? SuppressionList.GLOBAL : SuppressionList.CLIENT,
                    owner, reason, origin, createdBy, createdAt, expiresAt, messageId, erasedAt);
        }

        /** In force at {@code at}: no expiry, or a later one. */
        public boolean inForce(Instant at) {
            return expiresAt == null || expiresAt.isAfter(at);
        }
    }

    private static final String COLUMNS = """
            id, owner, destination, reason, origin, created_by, created_at, expires_at, message_id,
            personal_data_erased_at""";
    // COALESCE: the global list's owner is NULL, and the unique index is on the same expression.
    private static final String OF_LIST = "COALESCE(owner, '') = COALESCE(CAST(:owner AS text), '')";

    private final JdbcClient jdbc;

    public SuppressionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The list's entry for the key, locked for a change in the caller's transaction. */
    public Optional<Entry> lock(String owner, String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM suppression WHERE " + OF_LIST + " AND destination_key = :key"
                        + " FOR UPDATE")
                .param("owner", owner).param("key", key).query(SuppressionStore::entry).optional();
    }

    /**
     * Puts the number on the list, or renews its entry: a new reason, origin and expiry, and a new start of the
     * personal-data period (the number was given again, so the entry holds it again).
     */
    public Entry put(Entry entry, String key) {
        return jdbc.sql("""
                INSERT INTO suppression (id, owner, destination, destination_key, reason, origin, created_by,
                                         created_at, expires_at, message_id)
                VALUES (:id, :owner, :destination, :key, :reason, :origin, :createdBy, :createdAt, :expiresAt,
                        :messageId)
                ON CONFLICT ((COALESCE(owner, '')), destination_key) DO UPDATE
                   SET destination = EXCLUDED.destination, reason = EXCLUDED.reason, origin = EXCLUDED.origin,
                       created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at,
                       expires_at = EXCLUDED.expires_at, message_id = EXCLUDED.message_id,
                       personal_data_erased_at = NULL
                """ + " RETURNING " + COLUMNS)
                .param("id", entry.id()).param("owner", entry.owner()).param("destination", entry.destination())
                .param("key", key).param("reason", entry.reason()).param("origin", entry.origin().name())
                .param("createdBy", entry.createdBy()).param("createdAt", JdbcTime.utc(entry.createdAt()))
                .param("expiresAt", entry.expiresAt() == null ? null : JdbcTime.utc(entry.expiresAt()))
                .param("messageId", entry.messageId())
                .query(SuppressionStore::entry).single();
    }

    /** Takes the number off the list; the entry it was, if any. */
    public Optional<Entry> remove(String owner, String key) {
        return jdbc.sql("DELETE FROM suppression WHERE " + OF_LIST + " AND destination_key = :key RETURNING "
                        + COLUMNS)
                .param("owner", owner).param("key", key).query(SuppressionStore::entry).optional();
    }

    /** A page of the list's entries in force at {@code now}, newest first; {@code key} null: all of them. */
    public List<Entry> page(String owner, String key, Instant now, int limit, long offset) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM suppression WHERE " + OF_LIST + inForce(key)
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .param("owner", owner).param("key", key).param("now", JdbcTime.utc(now)).param("limit", limit)
                .param("offset", offset).query(SuppressionStore::entry).list();
    }

    public long count(String owner, String key, Instant now) {
        return jdbc.sql("SELECT count(*) FROM suppression WHERE " + OF_LIST + inForce(key))
                .param("owner", owner).param("key", key).param("now", JdbcTime.utc(now))
                .query(Long.class).single();
    }

    private static String inForce(String key) {
        return " AND (expires_at IS NULL OR expires_at > :now)"
                + (key == null ? "" : " AND destination_key = :key");
    }

    private static Entry entry(ResultSet rs, int n) throws SQLException {
        return new Entry(rs.getObject("id", UUID.class), rs.getString("owner"), rs.getString("destination"),
                rs.getString("reason"), SuppressionView.Origin.valueOf(rs.getString("origin")),
                rs.getString("created_by"), JdbcTime.instant(rs, "created_at"), JdbcTime.instant(rs, "expires_at"),
                rs.getObject("message_id", UUID.class), JdbcTime.instant(rs, "personal_data_erased_at"));
    }
}
