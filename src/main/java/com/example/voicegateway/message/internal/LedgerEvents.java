package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.LedgerEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Publishes the ledger's moves, always inside the transaction that made them. */
@Component
public class LedgerEvents {

    private final ApplicationEventPublisher publisher;

    LedgerEvents(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    public void publish(LedgerEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            // Outside a transaction the move could commit without its reactions' records: the loss the outbox
            // exists to prevent.
            throw new IllegalStateException("ledger events are published in the transaction of the move");
        }
        publisher.publishEvent(event);
    }

    /** {@link LedgerEvent.MessageFinished} when {@code status} is final; other statuses have no event of their own. */
}
