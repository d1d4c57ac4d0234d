package com.example.voicegateway.callback;

import com.example.voicegateway.audit.AuditLog;
import com.example.voicegateway.audit.AuditOutcome;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queues a FAILED callback event again, for the admin API and the console alike: the same webhook-id and body,
 * the whole retry schedule ahead of it, and an audit row that commits with the change or not at all.
 */
@Component
public class CallbackRedelivery {

    static final String ACTION = "callback.redeliver";

    /** What became of a request to deliver an event again. */
    public enum Result {
        QUEUED,
        /** The event exists but is not FAILED (still pending, or delivered meanwhile). */
        NOT_FAILED,
        /** The message's personal data was erased: the event has no URL left and is never sent again. */
        ERASED,
        NOT_FOUND
    }

    private final CallbackStore store;
    private final CallbackWorker worker;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    CallbackRedelivery(CallbackStore store, CallbackWorker worker, AuditLog audit, TransactionTemplate transactions,
            Clock clock) {
        this.store = store;
        this.worker = worker;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Result redeliver(UUID id, String actor) {
        Optional<CallbackStore.Row> found = store.find(id);
        if (found.isEmpty()) {
            audit.record(actor, ACTION, null, AuditOutcome.REFUSED, "no callback event " + id);
            return Result.NOT_FOUND;
        }
        CallbackStore.Row row = found.get();
        Result result = transactions.execute(tx -> {
            Result outcome = store.redeliver(id, clock.instant()) ? Result.QUEUED
                    : store.messageErased(row.messageId()) ? Result.ERASED : Result.NOT_FAILED;
            String what = switch (outcome) {
                case QUEUED -> "queued again: callback ";
                case ERASED -> "not queued, the message's personal data was erased: callback ";
                default -> "not queued, not FAILED: callback ";
            };
            audit.record(actor, ACTION, row.messageId(),
                    outcome == Result.QUEUED ? AuditOutcome.SUCCEEDED : AuditOutcome.REFUSED,
                    what + id + " (" + row.type() + ") to " + row.host() + " of client " + row.clientName());
            return outcome;
        });
        if (result != Result.QUEUED) {
            return result;
        }
        worker.wake();
        return Result.QUEUED;
    }
}
