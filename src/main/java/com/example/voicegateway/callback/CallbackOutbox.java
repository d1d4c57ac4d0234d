package com.example.voicegateway.callback;

import com.example.voicegateway.message.StatusEventSink;
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
 * Writes each status event into {@code callback_event} in the transaction of the change, body and all: what is
 * signed and sent later is exactly what was true at the change, however often it is retried.
 */
@Component
class CallbackOutbox implements StatusEventSink {

    /** The body every receiver gets; {@code data} is the message as its GET showed it at the change. */
    record Body(String type, Instant timestamp, int sequence, JsonNode data) {
    }

    private final CallbackStore store;
    private final JsonMapper json;
    private final Clock clock;
    private final CallbackWorker worker;

    CallbackOutbox(CallbackStore store, JsonMapper json, Clock clock, CallbackWorker worker) {
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.worker = worker;
    }

    @Override
    public void record(StatusEvent event) {
        // PostgreSQL keeps microseconds; the body and the row then say the same instant.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int sequence = store.nextSequence(event.messageId());
        String payload = json.writeValueAsString(new Body(event.type(), now, sequence, event.snapshot()));
        UUID id = UUID.randomUUID();
        store.insert(id, event.messageId(), sequence, event.type(), event.clientName(), event.callbackUrl(),
                CallbackUrlPolicy.host(URI.create(event.callbackUrl())), payload, now);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                worker.wake();
            }
        });
    }
}
