package com.example.voicegateway.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Test rows of the ledger, written the way its commands leave them: a message and its call 1 (the outbox row), for
 * tests that need a message in a given state without driving it there. A test names columns as a client sees the
 * message ({@code message_state}): {@code status}, {@code attempts}, {@code session_id}, the lease... and each lands in
 * its table: the dispatch state on the current call, the request on the message, a final status as the message's
 * outcome (and its call's status).
 */
public final class LedgerRows {

    /** Columns of the current call (the outbox row); every other column is the message's. */
    private static final Set<String> CALL_COLUMNS = Set.of("status", "attempts", "next_attempt_at", "waiting_for",
            "lease_owner", "lease_until", "post_started_at", "last_error", "session_id", "call_flow_request_id",
            "status_code", "status_message", "version", "unknown_at", "started_at", "ended_at");

    /** The message's own columns that its calls copy, so the claim reads one table. */
    private static final Set<String> COPIED = Set.of("client_name", "priority", "valid_until");

    private static final Set<String> IN_FLIGHT = Set.of("QUEUED", "SENDING", "SUBMITTED", "UNKNOWN");

    private final JdbcTemplate jdbc;

    public LedgerRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A new message row, due now, QUEUED, for client {@code alpha}, until set otherwise. */
    public Message message() {
        return new Message();
    }

    /**
     * Gives every message inserted by a test's own SQL (many at once) its call 1 in {@code status}, as intake would
     * have: {@code nextAttemptAtSql} and {@code sessionIdSql} are SQL expressions over the message row {@code m}
     * (null: none). A final status is the message's outcome too.
     */
    public void addFirstCalls(String status, String nextAttemptAtSql, String sessionIdSql) {
        jdbc.update("""
                INSERT INTO voice_call (message_id, call_number, kind, destination, client_request_id, status,
                                        session_id, planned_at, due_at, client_name, priority, valid_until,
                                        next_attempt_at, updated_at, ended_at)
                SELECT m.id, 1, 'FIRST', m.destination, m.id::text, ?, %1$s, m.created_at, m.created_at,
                       m.client_name, m.priority, m.valid_until, %2$s, m.updated_at,
                       CASE WHEN ? THEN NULL ELSE m.updated_at END
                  FROM voice_message m
                 WHERE NOT EXISTS (SELECT 1 FROM voice_call c WHERE c.message_id = m.id)
                """.formatted(sessionIdSql == null ? "NULL" : sessionIdSql,
                        nextAttemptAtSql == null ? "NULL::timestamptz" : nextAttemptAtSql),
                status, IN_FLIGHT.contains(status));
        if (!IN_FLIGHT.contains(status)) {
            jdbc.update("""
                    UPDATE voice_message m SET outcome = ? WHERE outcome IS NULL
                       AND EXISTS (SELECT 1 FROM voice_call c WHERE c.message_id = m.id AND c.status = ?)
                    """, status, status);
        }
    }

    /** How often the message's calls moved: the sum of their versions (a test's "nothing moved" check). */
    public long moves(UUID id) {
        return jdbc.queryForObject("SELECT COALESCE(sum(version), 0) FROM voice_call WHERE message_id = ?", Long.class,
                id);
    }

    /** Sets columns of the message {@code id} and of its current call, each where it lives. */
    public void update(UUID id, Map<String, Object> columns) {
        Map<String, Object> call = new LinkedHashMap<>();
        Map<String, Object> message = new LinkedHashMap<>();
        split(columns, message, call);
        Object status = columns.get("status");
        if (status != null) {
            message.put("outcome", IN_FLIGHT.contains(status) ? null : status);
        }
        if (!message.isEmpty()) {
            set("UPDATE voice_message SET %s, updated_at = now() WHERE id = ?", message, id);
        }
        if (!call.isEmpty()) {
            // A move of the call bumps its version, as every command's does (tests read it as "something moved").
            String bump = call.containsKey("version") ? "" : ", version = version + 1";
            set("""
                    UPDATE voice_call SET %s""" + bump + """
                    , updated_at = now()
                     WHERE message_id = ? AND call_number = (SELECT current_call FROM voice_message WHERE id = ?)
                    """, call, id, id);
        }
    }

    /** Sets one column, wherever it lives. */
    public void update(UUID id, String column, Object value) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(column, value);
        update(id, one);
    }

    private void set(String sql, Map<String, Object> columns, Object... where) {
        String assignments = columns.keySet().stream().map(c -> c + " = ?").collect(Collectors.joining(", "));
        List<Object> args = new ArrayList<>();
        columns.values().forEach(v -> args.add(jdbcValue(v)));
        args.addAll(List.of(where));
        jdbc.update(sql.formatted(assignments), args.toArray());
    }

    /** Each column where it lives: the dispatch state on the call, the rest on the message, the copies on both. */
    private static void split(Map<String, Object> columns, Map<String, Object> message, Map<String, Object> call) {
        columns.forEach((column, value) -> {
            if (CALL_COLUMNS.contains(column)) {
                call.put(column, value);
            } else {
                message.put(column, value);
            }
            if (COPIED.contains(column)) {
                call.put(column, value);
            }
        });
    }

    private static Object jdbcValue(Object value) {
        return value instanceof Instant instant ? Timestamp.from(instant) : value;
    }

    /** A message to insert; {@link #insert()} writes it and its call 1. */
    public final class Message {

        private final Map<String, Object> columns = new LinkedHashMap<>();

        private Message() {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            columns.put("id", UUID.randomUUID());
            columns.put("client_name", "alpha");
            columns.put("status", "QUEUED");
            columns.put("destination", "+6591234567");
            columns.put("source", "+6568880000");
            columns.put("text", "Your parcel arrives tomorrow.");
            columns.put("voice_profile", "en-IE-EmilyNeural");
            columns.put("repetition", 1);
            columns.put("valid_until", now.plus(1, ChronoUnit.HOURS));
            columns.put("created_at", now);
            columns.put("updated_at", now);
            columns.put("next_attempt_at", now);
        }

        public Message set(String column, Object value) {
            columns.put(column, value);
            return this;
        }

        public Message id(UUID id) {
            return set("id", id);
        }

        public Message status(String status) {
            return set("status", status);
        }

        /** Writes the message and its call 1; returns the message's id. */
        public UUID insert() {
            UUID id = (UUID) columns.get("id");
            Map<String, Object> message = new LinkedHashMap<>();
            Map<String, Object> call = new LinkedHashMap<>();
            split(columns, message, call);
            String status = (String) columns.get("status");
            message.put("outcome", IN_FLIGHT.contains(status) ? null : status);
            call.putIfAbsent("priority", message.getOrDefault("priority", "NORMAL"));
            call.put("message_id", id);
            call.put("call_number", 1);
            call.put("kind", "FIRST");
            call.putIfAbsent("destination", message.get("destination"));
            call.put("client_request_id", id.toString());
            call.put("planned_at", message.get("created_at"));
            Object due = columns.get("next_attempt_at");
            call.put("due_at", due != null ? due : message.get("created_at"));
            call.put("updated_at", message.get("updated_at"));
            if (!IN_FLIGHT.contains(status)) {
                call.putIfAbsent("ended_at", message.get("updated_at"));
            }
            insert("voice_message", message);
            insert("voice_call", call);
            return id;
        }

        private void insert(String table, Map<String, Object> row) {
            String names = String.join(", ", row.keySet());
            String marks = row.keySet().stream().map(c -> "?").collect(Collectors.joining(", "));
            jdbc.update("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")",
                    row.values().stream().map(LedgerRows::jdbcValue).toArray());
        }
    }
}
