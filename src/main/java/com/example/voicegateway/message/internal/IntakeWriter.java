package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.MessagesQueued;
import com.example.voicegateway.message.SuppressionList;
import com.example.voicegateway.schedule.DeliveryWindow;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Group commit for intake. Requests that arrive together are inserted by one statement in one transaction, so
 * each still waits for its own durable commit before its 202, but a burst of requests costs one round trip and one
 * WAL flush instead of one each. With idle traffic a batch is a single row and nothing waits for company.
 */
@Component
class IntakeWriter implements SmartLifecycle {

    /**
     * The row a request inserted, the row an earlier request with the same Idempotency-Key inserted, or nothing: its
     * destination is on a do-not-call list and its client refuses such messages.
     */
    sealed interface Outcome permits Inserted, Existing, Refused {
    }

    /** Stored; {@code message} is as intake stored it (the lists it was found on, the fallbacks left to call). */
    record Inserted(NewMessage message) implements Outcome {
    }

    record Refused(SuppressionList suppressedBy) implements Outcome {
    }

    record Existing(UUID id, String requestFingerprint) implements Outcome {
    }

    /**
     * A request waiting for its row. Exactly one of two things happens to it: a writer takes it (and then its
     * result decides), or the waiting request abandons it (and then no writer will ever insert it). That makes a
     * 503 "nothing was stored" true even when the database was slow.
     */
    static final class Pending {
        private static final int WAITING = 0;
        private static final int TAKEN = 1;
        private static final int ABANDONED = 2;

        private final NewMessage message;
        private final CompletableFuture<Outcome> result = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(WAITING);

        private Pending(NewMessage message) {
            this.message = message;
        }

        NewMessage message() {
            return message;
        }

        CompletableFuture<Outcome> result() {
            return result;
        }

        /** True when no writer has taken the row and none ever will. */
        boolean abandon() {
            return state.compareAndSet(WAITING, ABANDONED);
        }

        private boolean take() {
            return state.compareAndSet(WAITING, TAKEN);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(IntakeWriter.class);

    // One statement text whatever the batch size, so PostgreSQL plans it once per connection.
    // The INSERT comes first (pg_stat_activity keeps only the first 1 KiB of a statement, and ops look for it there).
    // RECURSIVE only lets the INSERT name the request rows defined after it; nothing here recurses.
    // The do-not-call lists are read in the same statement (checked): a message whose destination is on one is stored
    // SUPPRESSED with its first call SUPPRESSED, never queued (or, for a client that rejects such messages, not stored
    // at all), and fallback numbers on one are left out of the plan and kept as skipped. A batch stays one statement.
    private static final String INSERT = """
            WITH RECURSIVE inserted AS (
                INSERT INTO voice_message (id, client_name, idempotency_key, request_fingerprint, destination,
                                           source, text, audio_url, voice_profile, repetition, speed, valid_until,
                                           client_reference, created_at, updated_at, max_calls,
                                           redial_interval_ms, redial_on, fallback_destinations, callback_url,
                                           ack_digit, ack_prompt, ack_thanks, ack_timeout_ms, ack_tries, send_at,
                                           priority, window_from, window_to, window_days, window_zone,
                                           template_id, template_version, outcome, skipped_fallbacks,
                                           opt_out_digit, opt_out_prompt, opt_out_confirmation, broadcast_id, source_given)
                SELECT id, client_name, idempotency_key, request_fingerprint, destination, source, text,
                       audio_url, voice_profile, repetition, speed, valid_until, client_reference, created_at,
                       created_at, max_calls, redial_interval_ms, redial_on, callable_fallbacks,
                       callback_url, ack_digit, ack_prompt, ack_thanks, ack_timeout_ms, ack_tries, send_at, priority,
                       window_from, window_to, window_days, window_zone, template_id, template_version,
                       CASE WHEN suppressed_by IS NOT NULL THEN 'SUPPRESSED' END, skipped_fallbacks,
                       opt_out_digit, opt_out_prompt, opt_out_confirmation, broadcast_id, source_given
                FROM checked
                WHERE suppressed_by IS NULL OR NOT reject_suppressed
                ON CONFLICT (client_name, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING id
            ), requested AS MATERIALIZED (
                SELECT * FROM unnest(?::text[]::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[]::smallint[], ?::text[]::numeric[],
                            ?::text[]::timestamptz[], ?::text[], ?::text[]::timestamptz[],
                            ?::text[]::smallint[], ?::text[]::bigint[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[]::integer[], ?::text[]::smallint[],
                            ?::text[]::timestamptz[], ?::text[], ?::text[]::time[], ?::text[]::time[],
                            ?::text[], ?::text[], ?::text[], ?::text[]::timestamptz[], ?::text[]::uuid[],
                            ?::text[]::integer[], ?::text[], ?::text[], ?::text[]::boolean[], ?::text[], ?::text[],
                            ?::text[], ?::text[]::uuid[], ?::text[]::boolean[])
                    AS r(id, client_name, idempotency_key, request_fingerprint, destination, source, text, audio_url,
                         voice_profile, repetition, speed, valid_until, client_reference, created_at, max_calls,
                         redial_interval_ms, redial_on, fallback_destinations, callback_url,
                         ack_digit, ack_prompt, ack_thanks, ack_timeout_ms, ack_tries, send_at, priority,
                         window_from, window_to, window_days, window_zone, waiting_for, next_attempt_at,
                         template_id, template_version, destination_key, fallback_keys, reject_suppressed,
                         opt_out_digit, opt_out_prompt, opt_out_confirmation, broadcast_id, source_given)
            ), checked AS MATERIALIZED (
                SELECT r.*, d.list AS suppressed_by, f.callable_fallbacks, f.skipped_fallbacks
                  FROM requested r
                  LEFT JOIN LATERAL (%2$s) d ON true
                  LEFT JOIN LATERAL (
                      SELECT string_agg(n.number, ',' ORDER BY n.i) FILTER (WHERE l.list IS NULL) AS callable_fallbacks,
                             string_agg(l.list || ' ' || n.number, ',' ORDER BY n.i)
                                 FILTER (WHERE l.list IS NOT NULL) AS skipped_fallbacks
                        FROM unnest(string_to_array(r.fallback_destinations, ','),
                                    string_to_array(r.fallback_keys, ',')) WITH ORDINALITY AS n(number, key, i)
                        LEFT JOIN LATERAL (%3$s) l ON true
                  ) f ON true
            ), first_call AS (
                -- Call 1 exists from the start: it is the outbox row the dispatcher claims, and a summary (or a
                -- cancel) always finds the call it is about. A suppressed one is never claimed.
                INSERT INTO voice_call (message_id, call_number, kind, destination, client_request_id, status,
                                        planned_at, due_at, client_name, priority, valid_until, next_attempt_at,
                                        waiting_for, updated_at, suppressed_by, ended_at)
                SELECT r.id, 1, 'FIRST', r.destination, r.id::text,
                       CASE WHEN r.suppressed_by IS NULL THEN 'QUEUED' ELSE 'SUPPRESSED' END, r.created_at,
                       r.next_attempt_at, r.client_name, r.priority, r.valid_until,
                       CASE WHEN r.suppressed_by IS NULL THEN r.next_attempt_at END,
                       CASE WHEN r.suppressed_by IS NULL THEN r.waiting_for END, r.created_at, r.suppressed_by,
                       CASE WHEN r.suppressed_by IS NOT NULL THEN r.created_at END
                  FROM inserted JOIN checked r ON r.id = inserted.id
            )
            -- Only a message due now wakes the dispatchers; a scheduled one is found by their sleep until it is due.
            SELECT r.id, inserted.id IS NOT NULL AS stored, r.suppressed_by, r.callable_fallbacks, r.skipped_fallbacks,
                   CASE WHEN inserted.id IS NOT NULL AND r.suppressed_by IS NULL AND r.next_attempt_at <= r.created_at
                        THEN pg_notify('%1$s', '')::text END
              FROM checked r LEFT JOIN inserted ON inserted.id = r.id
            """.formatted(MessagesQueued.NOTIFY_CHANNEL,
                    SuppressionMatch.list("r.client_name", "r.destination", "r.destination_key", "r.created_at"),
                    SuppressionMatch.list("r.client_name", "n.number", "n.key", "r.created_at"));

    private static final String FIND_BY_KEY = """
            SELECT id, request_fingerprint FROM voice_message WHERE client_name = ? AND idempotency_key = ?
            """;

    /** Rows per statement when a broadcast is stored: large enough to be few round trips, small enough to plan fast. */
    static final int BROADCAST_CHUNK = 1_000;

    private final DataSource dataSource;
    private final ApplicationEventPublisher events;
    private final SQLExceptionTranslator translator;
    private final int maxBatchSize;
    private final int writerThreads;
    private final int statementTimeoutSeconds;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    IntakeWriter(DataSource dataSource, ApplicationEventPublisher events, IntakeProperties settings) {
        this.dataSource = dataSource;
        this.events = events;
        this.translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
        this.maxBatchSize = IntakeProperties.MAX_BATCH_SIZE;
        this.writerThreads = settings.writerThreads();
        this.statementTimeoutSeconds = (int) Math.max(1, settings.statementTimeout().toSeconds());
        this.queue = new ArrayBlockingQueue<>(maxBatchSize * writerThreads * 8);
    }

    /**
     * Queues the row; its result completes once the row is committed (or found under its Idempotency-Key), or
     * exceptionally if it was not stored.
     */
    Pending write(NewMessage message) {
        Pending pending = new Pending(message);
        if (!running) {
            pending.result().completeExceptionally(new IntakeUnavailableException("the service is shutting down"));
        } else if (!queue.offer(pending)) {
            pending.result().completeExceptionally(
                    new IntakeUnavailableException("too many messages waiting to be stored"));
        }
        return pending;
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(maxBatchSize);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending> drained = new ArrayList<>(maxBatchSize);
                drained.add(first);
                queue.drainTo(drained, maxBatchSize - 1);
                for (Pending pending : drained) {
                    if (pending.take()) {
                        batch.add(pending);
                    }
                }
                if (!batch.isEmpty()) {
                    store(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Intake writer failed on a batch of {}", batch.size(), e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void store(List<Pending> batch) {
        try {
            insertTogether(batch);
        } catch (DataAccessException e) {
            if (batch.size() > 1 && isAboutTheData(e)) {
                // One bad row must not fail the requests it happened to share a statement with.
                for (Pending pending : batch) {
                    try {
                        insertTogether(List.of(pending));
                    } catch (DataAccessException single) {
                        pending.result().completeExceptionally(single);
                    }
                }
            } else {
                batch.forEach(p -> p.result().completeExceptionally(e));
                if (e instanceof CannotGetJdbcConnectionException) {
                    failWaiting(e);
                }
            }
        }
    }

    /**
     * Everything queued arrived while this writer waited in vain for a connection. Each would now wait a whole
     * connection timeout of its own, so a request could take two or three of them to hear 503; it hears it now,
     * nothing of it stored.
     */
    private void failWaiting(DataAccessException cause) {
        List<Pending> waiting = new ArrayList<>();
        queue.drainTo(waiting);
        for (Pending pending : waiting) {
            if (pending.take()) {
                pending.result().completeExceptionally(cause);
            }
        }
    }

    private void insertTogether(List<Pending> batch) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Map<UUID, Row> rows = insert(connection, batch.stream().map(Pending::message).toList());
            int dueRows = 0;
            for (Pending pending : batch) {
                NewMessage message = pending.message();
                Row row = rows.get(message.id());
                if (row != null && row.stored()) {
                    NewMessage stored = row.applyTo(message);
                    pending.result().complete(new Inserted(stored));
                    dueRows += stored.dueAtOnce() ? 1 : 0;
                } else if (message.idempotencyKey() != null) {
                    pending.result().complete(findByKey(connection, message, row));
                } else {
                    pending.result().complete(refused(row));
                }
            }
            if (dueRows > 0) {
                events.publishEvent(new MessagesQueued(dueRows));
            }
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** What the statement did with one request: stored or not, and what the do-not-call lists said. */
    private record Row(boolean stored, SuppressionList suppressedBy, String callableFallbacks, String skipped) {

        NewMessage applyTo(NewMessage message) {
            List<String> callable = callableFallbacks == null ? List.of() : List.of(callableFallbacks.split(","));
            List<NewMessage.Skipped> skippedFallbacks = skipped == null ? List.of()
                    : Arrays.stream(skipped.split(",")).map(NewMessage.Skipped::of).toList();
            return message.afterIntake(suppressedBy, callable, skippedFallbacks);
        }
    }

    /** Not stored, and no earlier request under its key: only a refused suppressed destination gets here. */
    private static Outcome refused(Row row) {
        if (row == null || row.suppressedBy() == null) {
            throw new IllegalStateException("a request neither stored nor refused");
        }
        return new Refused(row.suppressedBy());
    }

    private Map<UUID, Row> insert(Connection connection, List<NewMessage> batch) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (!autoCommit) {
            connection.setAutoCommit(true);
        }
        try {
            return insertRows(connection, batch, statementTimeoutSeconds);
        } finally {
            if (!autoCommit) {
                connection.setAutoCommit(false);
            }
        }
    }

    /**
     * A broadcast's messages, in the caller's transaction (with the broadcast's own row): all are stored or none.
     * The same statement as a single message's, so a broadcast's message is stored exactly as one sent alone (a
     * suppressed recipient SUPPRESSED); in chunks, so no statement carries more than {@link #BROADCAST_CHUNK} rows.
     * Returns how many were due at once.
     */
    int insertInTransaction(List<NewMessage> messages) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a broadcast's messages are stored in the transaction of its row");
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            int due = 0;
            for (int from = 0; from < messages.size(); from += BROADCAST_CHUNK) {
                List<NewMessage> chunk = messages.subList(from, Math.min(messages.size(), from + BROADCAST_CHUNK));
                Map<UUID, Row> rows = insertRows(connection, chunk, statementTimeoutSeconds * 4);
                for (NewMessage message : chunk) {
                    Row row = rows.get(message.id());
                    if (row == null || !row.stored()) {
                        // A broadcast's messages carry no Idempotency-Key and never refuse a suppressed number.
                        throw new IllegalStateException("a broadcast message was not inserted");
                    }
                    due += row.applyTo(message).dueAtOnce() ? 1 : 0;
                }
            }
            return due;
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private Map<UUID, Row> insertRows(Connection connection, List<NewMessage> batch, int timeoutSeconds)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setQueryTimeout(timeoutSeconds);
            // Every column travels as text[] and is cast in SQL: one encoding path for all types, nulls included.
            statement.setArray(1, array(connection, batch, NewMessage::id));
            statement.setArray(2, array(connection, batch, NewMessage::clientName));
            statement.setArray(3, array(connection, batch, NewMessage::idempotencyKey));
            statement.setArray(4, array(connection, batch, NewMessage::requestFingerprint));
            statement.setArray(5, array(connection, batch, NewMessage::destination));
            statement.setArray(6, array(connection, batch, NewMessage::source));
            statement.setArray(7, array(connection, batch, NewMessage::text));
            statement.setArray(8, array(connection, batch, NewMessage::audioUrl));
            statement.setArray(9, array(connection, batch, NewMessage::voiceProfile));
            statement.setArray(10, array(connection, batch, NewMessage::repetition));
            statement.setArray(11, array(connection, batch, m -> m.speed() == null ? null : m.speed().toPlainString()));
            statement.setArray(12, array(connection, batch, NewMessage::validUntil));
            statement.setArray(13, array(connection, batch, NewMessage::clientReference));
            statement.setArray(14, array(connection, batch, NewMessage::createdAt));
            statement.setArray(15, array(connection, batch, m -> m.redial().maxCalls()));
            statement.setArray(16, array(connection, batch, m -> m.redial().interval().toMillis()));
            statement.setArray(17, array(connection, batch, m -> m.redial().onColumn()));
            statement.setArray(18, array(connection, batch, m -> m.redial().fallbacksColumn()));
            statement.setArray(19, array(connection, batch, NewMessage::callbackUrl));
            statement.setArray(20, array(connection, batch, m -> m.acknowledge() == null ? null : m.acknowledge().digit()));
            statement.setArray(21, array(connection, batch, m -> m.acknowledge() == null ? null : m.acknowledge().prompt()));
            statement.setArray(22, array(connection, batch, m -> m.acknowledge() == null ? null : m.acknowledge().thanks()));
            statement.setArray(23, array(connection, batch,
                    m -> m.acknowledge() == null ? null : m.acknowledge().timeoutMs()));
            statement.setArray(24, array(connection, batch, m -> m.acknowledge() == null ? null : m.acknowledge().tries()));
            statement.setArray(25, array(connection, batch, m -> m.schedule().sendAt()));
            statement.setArray(26, array(connection, batch, m -> m.schedule().priority()));
            statement.setArray(27, array(connection, batch, m -> window(m) == null ? null : window(m).from()));
            statement.setArray(28, array(connection, batch, m -> window(m) == null ? null : window(m).to()));
            statement.setArray(29, array(connection, batch, m -> window(m) == null ? null : window(m).dayNames()));
            statement.setArray(30, array(connection, batch, m -> window(m) == null ? null : window(m).zone().getId()));
            statement.setArray(31, array(connection, batch, m -> m.schedule().waitingFor()));
            statement.setArray(32, array(connection, batch, m -> m.schedule().firstDueAt()));
            statement.setArray(33, array(connection, batch, NewMessage::templateId));
            statement.setArray(34, array(connection, batch, NewMessage::templateVersion));
            statement.setArray(35, array(connection, batch, m -> m.keys() == null ? null : m.keys().destination()));
            statement.setArray(36, array(connection, batch, NewMessage::fallbackKeysColumn));
            statement.setArray(37, array(connection, batch, NewMessage::rejectIfSuppressed));
            statement.setArray(38, array(connection, batch, m -> m.optOut() == null ? null : m.optOut().digit()));
            statement.setArray(39, array(connection, batch, m -> m.optOut() == null ? null : m.optOut().prompt()));
            statement.setArray(40, array(connection, batch,
                    m -> m.optOut() == null ? null : m.optOut().confirmation()));
            statement.setArray(41, array(connection, batch, NewMessage::broadcastId));
            statement.setArray(42, array(connection, batch, NewMessage::sourceGiven));
            Map<UUID, Row> rows = new HashMap<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String list = result.getString("suppressed_by");
                    rows.put(result.getObject(1, UUID.class), new Row(result.getBoolean("stored"),
                            list == null ? null : SuppressionList.valueOf(list), result.getString("callable_fallbacks"),
                            result.getString("skipped_fallbacks")));
                }
            }
            return rows;
        }
    }

    private static DeliveryWindow window(NewMessage message) {
        return message.schedule().window();
    }

    private static Array array(Connection connection, List<NewMessage> batch, Function<NewMessage, Object> column)
            throws SQLException {
        String[] values = new String[batch.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = column.apply(batch.get(i));
            values[i] = value == null ? null : value.toString();
        }
        return connection.createArrayOf("text", values);
    }

    /**
     * The message an earlier request stored under this one's Idempotency-Key (its replay), or, when there is none,
     * the refusal of a suppressed destination the statement did not store.
     */
    private static Outcome findByKey(Connection connection, NewMessage message, Row inserted) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FIND_BY_KEY)) {
            statement.setString(1, message.clientName());
            statement.setString(2, message.idempotencyKey());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    if (inserted != null && inserted.suppressedBy() != null && message.rejectIfSuppressed()) {
                        return new Refused(inserted.suppressedBy());
                    }
                    // Only an insert that lost to a concurrent one lands here, and that one is committed by now.
                    throw new IllegalStateException("idempotency key conflict without a stored row");
                }
                return new Existing(row.getObject(1, UUID.class), row.getString(2));
            }
        }
    }

    private DataAccessException translate(SQLException e) {
        DataAccessException translated = translator.translate("intake insert", INSERT, e);
        return translated != null ? translated : new org.springframework.jdbc.UncategorizedSQLException(
                "intake insert", INSERT, e);
    }

    private static boolean isAboutTheData(DataAccessException e) {
        return e instanceof org.springframework.dao.DataIntegrityViolationException;
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < writerThreads; i++) {
            Thread writer = new Thread(this::drain, "intake-writer-" + i);
            writer.setDaemon(false);
            writer.start();
            writers.add(writer);
        }
    }

    @Override
    public void stop() {
        // Requests already queued are still written: each one's caller is waiting for its answer.
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Lower phases stop later: after the web server (DEFAULT_PHASE - 2048) has stopped taking requests.
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
