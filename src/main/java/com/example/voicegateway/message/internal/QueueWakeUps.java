package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.LedgerEvent;
import com.example.voicegateway.message.MessagesQueued;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Wakes every instance's dispatcher when a move queues a call (a redial or fallback planned, an unknown call that
 * 8x8's logs proved never placed): a NOTIFY on {@link MessagesQueued#NOTIFY_CHANNEL}, sent in the move's transaction,
 * so PostgreSQL delivers it at commit and never for a move that rolled back. Intake is the one writer that does not
 * come here: its NOTIFY is part of its single INSERT statement, so accepting a batch stays one statement.
 */
@Component
class QueueWakeUps {

    private final JdbcClient jdbc;

    QueueWakeUps(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(LedgerEvent.NextCallPlanned planned) {
        notifyDispatchers();
    }

    @EventListener
    void on(LedgerEvent.CallRequeued requeued) {
        notifyDispatchers();
    }

    private void notifyDispatchers() {
        jdbc.sql("SELECT pg_notify('" + MessagesQueued.NOTIFY_CHANNEL + "', '')").query((rs, n) -> 1).single();
    }
}
