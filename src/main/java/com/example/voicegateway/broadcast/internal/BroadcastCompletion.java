package com.example.voicegateway.broadcast.internal;

import com.example.voicegateway.callback.BroadcastCallbacks;
import com.example.voicegateway.message.BroadcastMessages;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Marks a broadcast complete once its last message is final, and records {@code broadcast.completed} in the same
 * transaction. A sweep rather than a reaction to each message's last move: it needs nothing from the ledger's
 * commands, survives any crash (a broadcast that was not marked is marked at the next run) and costs one query per
 * running broadcast every {@value #INTERVAL_SECONDS} s.
 */
@Component
class BroadcastCompletion {

    static final long INTERVAL_SECONDS = 5;
    /** Running broadcasts looked at per run, oldest first. */
    static final int PER_RUN = 200;

    private static final Logger log = LoggerFactory.getLogger(BroadcastCompletion.class);

    private final BroadcastStore store;
    private final BroadcastMessages messages;
    private final BroadcastService service;
    private final BroadcastCallbacks callbacks;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;

    BroadcastCompletion(BroadcastStore store, BroadcastMessages messages, BroadcastService service,
            BroadcastCallbacks callbacks, TransactionTemplate transactions, JsonMapper json, Clock clock) {
        this.store = store;
        this.messages = messages;
        this.service = service;
        this.callbacks = callbacks;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    @Scheduled(initialDelay = INTERVAL_SECONDS, fixedDelay = INTERVAL_SECONDS, timeUnit = TimeUnit.SECONDS)
    @SchedulerLock(name = "broadcast-completion", lockAtMostFor = "PT5M")
    public void scheduledSweep() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Broadcast completion sweep failed, next run in {} s: {}", INTERVAL_SECONDS,
                    e.getClass().getSimpleName());
        }
    }

    /** One run: returns how many broadcasts it marked complete. */
    int sweep() {
        int completed = 0;
        for (UUID id : store.running(PER_RUN)) {
            if (messages.allFinal(id) && complete(id)) {
                completed++;
            }
        }
        return completed;
    }

    private boolean complete(UUID id) {
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            if (!store.markCompleted(id, now)) {
                return false;
            }
            BroadcastStore.Broadcast broadcast = store.find(id).orElseThrow();
            if (broadcast.callbackUrl() != null) {
                callbacks.recordCompleted(id, broadcast.clientName(), broadcast.callbackUrl(),
                        json.valueToTree(service.view(broadcast)));
            }
            return true;
        }));
    }
}
