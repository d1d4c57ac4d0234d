package com.example.voicegateway.callback;

import static com.example.voicegateway.config.JdbcTime.instant;
import static com.example.voicegateway.config.JdbcTime.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The callback outbox in SQL. An attempt in flight is leased: its {@code next_attempt_at} is moved to the lease's end
 * and {@code lease_owner} names the worker, so a worker that dies mid-attempt only delays the event; every outcome
 * write is guarded by the owner and the attempt number the claim returned.
 */
@Repository
class CallbackStore {

    /** What a worker needs to make one attempt. */
    record Claimed(UUID id, UUID messageId, String type, String clientName, String url, String host, String payload,
            int attempts, int retryStep) {
    }

    /** One row as ops and the message view see it. */
    record Row(UUID id, UUID messageId, int sequence, String type, String clientName, String host, CallbackStatus status,
            int attempts, Instant nextAttemptAt, Instant lastAttemptAt, Integer lastHttpStatus, String lastError,
            Instant deliveredAt, Instant createdAt) {
    }

    // candidates: due events whose earlier events of the same message are neither untried nor in flight, so a
    // message's events go out in order while its receiver answers; a failed one waiting for its retry holds nothing.
    // chosen: no more per host than that host has free slots on this worker.
    private static final String CLAIM = """
            WITH candidates AS (
                SELECT e.id, e.host, e.next_attempt_at FROM callback_event e
                 WHERE e.status = 'PENDING' AND e.next_attempt_at <= ?
                   AND NOT EXISTS (SELECT 1 FROM callback_event p
                                    WHERE p.message_id = e.message_id AND p.sequence < e.sequence
                                      AND p.status = 'PENDING' AND (p.attempts = 0 OR p.lease_owner IS NOT NULL))
                 ORDER BY e.next_attempt_at
                 LIMIT ?
                 FOR UPDATE OF e SKIP LOCKED
            ), chosen AS (
                SELECT c.id FROM (
                    SELECT c.id, c.next_attempt_at,
                           row_number() OVER (PARTITION BY c.host ORDER BY c.next_attempt_at, c.id) AS n,
                           COALESCE(busy.free, ?) AS free
                      FROM candidates c
                      LEFT JOIN unnest(string_to_array(?, ','), string_to_array(?, ',')::int[])
                                AS busy (host, free) ON busy.host = c.host) c
                 WHERE c.n <= c.free
                 ORDER BY c.next_attempt_at
                 LIMIT ?
            )
            UPDATE callback_event e
               SET attempts = e.attempts + 1, lease_owner = ?, next_attempt_at = ?, last_attempt_at = ?, updated_at = ?
              FROM chosen
             WHERE e.id = chosen.id
            RETURNING e.id, e.message_id, e.type, e.client_name, e.url, e.host, e.payload, e.attempts, e.retry_step
            """;

    private static final String ROW_COLUMNS = """
            id, message_id, sequence, type, client_name, host, status, attempts, next_attempt_at, last_attempt_at,
            last_http_status, last_error, delivered_at, created_at
            """;

    private final JdbcClient jdbc;

    CallbackStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next sequence number of a message's events; the caller holds the message's row lock. */
    int nextSequence(UUID messageId) {
        return jdbc.sql("SELECT COALESCE(max(sequence), 0) + 1 FROM callback_event WHERE message_id = ?")
                .param(messageId)
                .query(Integer.class)
                .single();
    }

    void insert(UUID id, UUID messageId, int sequence, String type, String clientName, String url, String host,
            String payload, Instant now) {
        jdbc.sql("""
                INSERT INTO callback_event (id, message_id, sequence, type, client_name, url, host, payload, status,
                                            next_attempt_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)
                """)
                .params(id, messageId, sequence, type, clientName, url, host, payload, ts(now), ts(now), ts(now))
                .update();
    }

    /** A broadcast's own event: it belongs to no message, and a broadcast has one. */
    void insertForBroadcast(UUID id, UUID broadcastId, String type, String clientName, String url, String host,
            String payload, Instant now) {
        jdbc.sql("""
                INSERT INTO callback_event (id, broadcast_id, sequence, type, client_name, url, host, payload, status,
                                            next_attempt_at, created_at, updated_at)
                VALUES (?, ?, 1, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)
                """)
                .params(id, broadcastId, type, clientName, url, host, payload, ts(now), ts(now), ts(now))
                .update();
    }

    /**
     * Claims due events for one worker, in one statement. {@code busyHosts} maps hosts this worker is calling now to
     * the slots they have left; other hosts get {@code maxPerHost}.
     */
    List<Claimed> claim(String owner, Instant now, Instant leaseUntil, int limit, int maxPerHost,
            Map<String, Integer> busyHosts) {
        // Host names hold no commas, so two joined lists are the simplest way to pass the pairs.
        List<String> hostList = List.copyOf(busyHosts.keySet());
        String hosts = String.join(",", hostList);
        String free = String.join(",", hostList.stream().map(h -> String.valueOf(busyHosts.get(h))).toList());
        // Scan more than the limit: some candidates may be held back by their host's share.
        return jdbc.sql(CLAIM)
                .params(ts(now), limit * 4, maxPerHost, hosts, free, limit, owner, ts(leaseUntil), ts(now), ts(now))
                .query((rs, n) -> new Claimed(rs.getObject("id", UUID.class), rs.getObject("message_id", UUID.class),
                        rs.getString("type"), rs.getString("client_name"), rs.getString("url"), rs.getString("host"),
                        rs.getString("payload"), rs.getInt("attempts"), rs.getInt("retry_step")))
                .list();
    }

    boolean delivered(Claimed e, String owner, int httpStatus, Instant now) {
        return jdbc.sql("""
                UPDATE callback_event
                   SET status = 'DELIVERED', delivered_at = ?, last_http_status = ?, last_error = NULL,
                       lease_owner = NULL, next_attempt_at = NULL, updated_at = ?
                 WHERE id = ? AND lease_owner = ? AND attempts = ? AND status IN %s
                """.formatted(CallbackStatus.sqlFrom(CallbackStatus.DELIVERED)))
                .params(ts(now), httpStatus, ts(now), e.id(), owner, e.attempts())
                .update() == 1;
    }

    /** A failed attempt: retried at {@code nextAttemptAt}, or FAILED when that is null. */
    boolean failed(Claimed e, String owner, Integer httpStatus, String error, Instant nextAttemptAt, Instant now) {
        return jdbc.sql("""
                UPDATE callback_event
                   SET status = CASE WHEN CAST(? AS timestamptz) IS NULL THEN 'FAILED' ELSE 'PENDING' END,
                       next_attempt_at = ?, retry_step = retry_step + 1, last_http_status = ?, last_error = ?,
                       lease_owner = NULL, updated_at = ?
                 WHERE id = ? AND lease_owner = ? AND attempts = ? AND status IN %s
                """.formatted(CallbackStatus.sqlFrom(CallbackStatus.PENDING, CallbackStatus.FAILED)))
                .params(ts(nextAttemptAt), ts(nextAttemptAt), httpStatus, error, ts(now), e.id(), owner, e.attempts())
                .update() == 1;
    }

    /**
     * Queues a FAILED event again with the whole retry schedule ahead of it; false if it is not FAILED, or if its
     * message's personal data was erased (its URL is gone, its body no longer says what it was about).
     */
    boolean redeliver(UUID id, Instant now) {
        return jdbc.sql("""
                UPDATE callback_event
                   SET status = 'PENDING', retry_step = 0, next_attempt_at = ?, lease_owner = NULL, updated_at = ?
                 WHERE id = ? AND status IN %s AND status <> 'PENDING'
                   AND NOT EXISTS (SELECT 1 FROM message_state m
                                    WHERE m.id = callback_event.message_id AND m.personal_data_erased_at IS NOT NULL)
                """.formatted(CallbackStatus.sqlFrom(CallbackStatus.PENDING)))
                .params(ts(now), ts(now), id)
                .update() == 1;
    }

    boolean messageErased(UUID messageId) {
        return jdbc.sql("SELECT personal_data_erased_at IS NOT NULL FROM message_state WHERE id = ?")
                .param(messageId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql("SELECT " + ROW_COLUMNS + " FROM callback_event WHERE id = ?")
                .param(id)
                .query(CallbackStore::row)
                .optional();
    }

    List<Row> findByMessage(UUID messageId) {
        return jdbc.sql("SELECT " + ROW_COLUMNS + " FROM callback_event WHERE message_id = ? ORDER BY sequence")
                .param(messageId)
                .query(CallbackStore::row)
                .list();
    }

    /** Newest first; a null filter matches everything. */
    List<Row> list(CallbackStatus status, String client, UUID messageId, int limit, long offset) {
        return jdbc.sql("SELECT " + ROW_COLUMNS + """
                 FROM callback_event
                WHERE (CAST(? AS text) IS NULL OR status = ?)
                  AND (CAST(? AS text) IS NULL OR client_name = ?)
                  AND (CAST(? AS uuid) IS NULL OR message_id = ?)
                ORDER BY created_at DESC, id DESC
                LIMIT ? OFFSET ?
                """)
                .params(status == null ? null : status.name(), status == null ? null : status.name(), client, client,
                        messageId, messageId, limit, offset)
                .query(CallbackStore::row)
                .list();
    }

    /** Pending events and when the oldest of them was recorded, for the gauges. */
    PendingStats pendingStats() {
        return jdbc.sql("SELECT count(*), min(created_at) FROM callback_event WHERE status = 'PENDING'")
                .query((rs, n) -> new PendingStats(rs.getLong(1), instant(rs, 2)))
                .single();
    }

    record PendingStats(long pending, Instant oldestCreatedAt) {
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getObject("message_id", UUID.class), rs.getInt("sequence"),
                rs.getString("type"), rs.getString("client_name"), rs.getString("host"),
                CallbackStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), instant(rs, 9),
                instant(rs, 10), (Integer) rs.getObject("last_http_status"), rs.getString("last_error"),
                instant(rs, 13), instant(rs, 14));
    }
}
