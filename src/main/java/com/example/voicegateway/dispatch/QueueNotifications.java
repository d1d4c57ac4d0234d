package com.example.voicegateway.dispatch;

import com.example.voicegateway.message.MessagesQueued;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Wakes the local dispatcher when any instance queues messages: {@code LISTEN voice_message_queued} on a connection
 * of its own (intake sends the NOTIFY in its insert transaction). When the database restarts it reconnects, and
 * wakes the dispatcher once in case a notification was missed meanwhile.
 */
class QueueNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueNotifications.class);
    private static final int WAIT_MILLIS = 500;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final Dispatcher dispatcher;
    private volatile boolean running;
    private volatile boolean listening;
    private Thread thread;

    QueueNotifications(DataSource dataSource, Dispatcher dispatcher) {
        this.dataSource = dataSource;
        this.dispatcher = dispatcher;
    }

    /** True once LISTEN is in place (tests wait for it). */
    boolean listening() {
        return listening;
    }

    private void listen() {
        boolean lostBefore = false;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + MessagesQueued.NOTIFY_CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                listening = true;
                if (lostBefore) {
                    log.info("Listening for {} again", MessagesQueued.NOTIFY_CHANNEL);
                    dispatcher.wake();
                    lostBefore = false;
                }
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        dispatcher.wake();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                if (!lostBefore) {
                    log.warn("LISTEN {} lost ({}); reconnecting, the slow poll covers the gap",
                            MessagesQueued.NOTIFY_CHANNEL, e.toString());
                }
                lostBefore = true;
                try {
                    Thread.sleep(RECONNECT_DELAY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        listening = false;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listen, "dispatch-listen");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        try {
            thread.join(WAIT_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 8192;
    }
}
