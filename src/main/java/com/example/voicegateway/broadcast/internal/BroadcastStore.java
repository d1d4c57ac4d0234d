package com.example.voicegateway.broadcast.internal;

import static com.example.voicegateway.config.JdbcTime.instant;
import static com.example.voicegateway.config.JdbcTime.ts;

import com.example.voicegateway.message.BroadcastRegistry;
import com.example.voicegateway.schedule.Priority;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code broadcast} table: the one writer of its rows. */
@Repository
class BroadcastStore implements BroadcastRegistry {

    /** A broadcast's row. */
    record Broadcast(UUID id, String clientName, int recipients, int rejected, Priority priority,
            boolean messageCallbacks, String callbackUrl, Instant createdAt, Instant canceledAt, String canceledBy,
            Instant completedAt) {
    }

    private static final String COLUMNS = """
            id, client_name, recipients, rejected, priority, message_callbacks, callback_url, created_at, canceled_at,
            canceled_by, completed_at""";

    private final JdbcClient jdbc;

    BroadcastStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Registration register(NewBroadcast b) {
        // A concurrent request with the same key waits here for the other's commit, then finds its row.
        Optional<UUID> inserted = jdbc.sql("""
                INSERT INTO broadcast (id, client_name, idempotency_key, request_fingerprint, recipients, rejected,
                                       priority, message_callbacks, callback_url, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (client_name, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING id
                """)
                .params(b.id(), b.clientName(), b.idempotencyKey(), b.requestFingerprint(), b.recipients(),
                        b.rejected(), b.priority().name(), b.messageCallbacks(), b.callbackUrl(), ts(b.createdAt()))
                .query(UUID.class)
                .optional();
        if (inserted.isPresent()) {
            return new Registration(inserted.get(), true, b.requestFingerprint());
        }
        return findByKey(b.clientName(), b.idempotencyKey()).orElseThrow();
    }

    @Override
    public Optional<Registration> findByKey(String clientName, String idempotencyKey) {
        return jdbc.sql("SELECT id, request_fingerprint FROM broadcast WHERE client_name = ? AND idempotency_key = ?")
                .params(clientName, idempotencyKey)
                .query((rs, n) -> new Registration(rs.getObject(1, UUID.class), false, rs.getString(2)))
                .optional();
    }

    @Override
    public Optional<String> owner(UUID broadcastId) {
        return jdbc.sql("SELECT client_name FROM broadcast WHERE id = ?").param(broadcastId).query(String.class)
                .optional();
    }

    Optional<Broadcast> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM broadcast WHERE id = ?").param(id).query(BroadcastStore::row)
                .optional();
    }

    /** Newest first; {@code client} null: every client's. */
    List<Broadcast> list(String client, int limit, long offset) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM broadcast WHERE (CAST(? AS text) IS NULL OR client_name = ?)"
                        + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
                .params(client, client, limit, offset)
                .query(BroadcastStore::row)
                .list();
    }

    long count(String client) {
        return jdbc.sql("SELECT count(*) FROM broadcast WHERE (CAST(? AS text) IS NULL OR client_name = ?)")
                .params(client, client)
                .query(Long.class)
                .single();
    }

    /** The first cancel is the one the broadcast shows; a later one stops what is queued again, if anything. */
    void markCanceled(UUID id, String by, Instant now) {
        jdbc.sql("UPDATE broadcast SET canceled_at = COALESCE(canceled_at, ?), canceled_by = COALESCE(canceled_by, ?)"
                        + " WHERE id = ?")
                .params(ts(now), by, id)
                .update();
    }

    /** Marks it complete, once: true for the caller that did (and records its callback). */
    boolean markCompleted(UUID id, Instant now) {
        return jdbc.sql("UPDATE broadcast SET completed_at = ? WHERE id = ? AND completed_at IS NULL")
                .params(ts(now), id)
                .update() == 1;
    }

    /** Broadcasts not yet complete, oldest first. */
    List<UUID> running(int limit) {
        return jdbc.sql("SELECT id FROM broadcast WHERE completed_at IS NULL ORDER BY created_at LIMIT ?")
                .param(limit)
                .query(UUID.class)
                .list();
    }

    private static Broadcast row(ResultSet rs, int n) throws SQLException {
        return new Broadcast(rs.getObject("id", UUID.class), rs.getString("client_name"), rs.getInt("recipients"),
                rs.getInt("rejected"), Priority.valueOf(rs.getString("priority")), rs.getBoolean("message_callbacks"),
                rs.getString("callback_url"), instant(rs, "created_at"), instant(rs, "canceled_at"),
                rs.getString("canceled_by"), instant(rs, "completed_at"));
    }
}
