package com.example.voicegateway.callback;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A broadcast's own callback ({@code broadcast.completed}), written into the same outbox as the messages' events, in
 * the transaction that marks the broadcast complete: it is signed, retried and redelivered like any other.
 */
@Component
public class BroadcastCallbacks {

    public static final String COMPLETED = "broadcast.completed";

    private final CallbackStore store;
    private final JsonMapper json;
    private final Clock clock;
    private final CallbackWorker worker;

    BroadcastCallbacks(CallbackStore store, JsonMapper json, Clock clock, CallbackWorker worker) {
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.worker = worker;
    }

    /** Records {@code broadcast.completed} with {@code data} (the broadcast as its GET shows it) for delivery. */
    public void recordCompleted(UUID broadcastId, String clientName, String url, JsonNode data) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a broadcast's callback is recorded in the transaction of its change");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String payload = json.writeValueAsString(new CallbackOutbox.Body(COMPLETED, now, 1, data));
        store.insertForBroadcast(UUID.randomUUID(), broadcastId, COMPLETED, clientName, url,
                CallbackUrlPolicy.host(URI.create(url)), payload, now);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                worker.wake();
            }
        });
    }
}
