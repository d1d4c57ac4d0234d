package com.example.voicegateway.webhook;

import com.example.voicegateway.message.SessionRecorded;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Links summaries that arrived before their message's sessionId was stored (8x8 can report a short call before
 * dispatch has committed its answer). Dispatch's {@link SessionRecorded} links them at once; a periodic sweep
 * catches what an event cannot: a sessionId committed by another instance, or an event lost in a crash.
 */
@Component
class SummaryLinker {

    private static final Logger log = LoggerFactory.getLogger(SummaryLinker.class);
    private static final int SWEEP_BATCH = 500;
    /** How often summaries that arrived before their message's sessionId are linked again. */
    static final long INTERVAL_SECONDS = 30;

    private final SummaryStore store;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    SummaryLinker(SummaryStore store, Clock clock, PlatformTransactionManager transactionManager) {
        this.store = store;
        this.clock = clock;
        // After dispatch's commit its connection is still bound to the thread, and a write there would belong to a
        // finished transaction: every link gets a transaction of its own.
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** After dispatch's commit (or at once when published outside a transaction). Never fails the publisher. */
    @TransactionalEventListener(fallbackExecution = true)
    void onSessionRecorded(SessionRecorded event) {
        if (event.sessionId() == null) {
            return;
        }
        try {
            linkAll(ownTransaction.execute(tx -> store.unmatchedWithSession(event.sessionId())));
        } catch (RuntimeException e) {
            log.warn("Linking summaries of session {} failed; the sweep retries: {}", event.sessionId(),
                    e.getClass().getSimpleName());
        }
    }

    /** Every {@value #INTERVAL_SECONDS} s, on one instance at a time (the sweep covers all rows). */
    @Scheduled(initialDelay = INTERVAL_SECONDS, fixedDelay = INTERVAL_SECONDS, timeUnit = TimeUnit.SECONDS)
    @SchedulerLock(name = "summary-link-sweep", lockAtMostFor = "PT10M")
    public void scheduledSweep() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Session summary link sweep failed: {}", e.getClass().getSimpleName());
        }
    }

    /** Links every unmatched summary whose sessionId a message now carries; returns how many were linked. */
    int sweep() {
        int linked = 0;
        List<Long> batch;
        do {
            batch = store.linkable(SWEEP_BATCH);
            linked += linkAll(batch);
        } while (batch.size() == SWEEP_BATCH);
        return linked;
    }

    private int linkAll(List<Long> summaryIds) {
        int linked = 0;
        for (long id : summaryIds) {
            // One statement per summary, in arrival order: the first applies, the next are duplicates or conflicts.
            var result = ownTransaction.execute(tx -> store.link(id, clock.instant().truncatedTo(ChronoUnit.MICROS)));
            if (result.isPresent()) {
                linked++;
                log.info("Linked session summary {} to message {}: {}", id, result.get().messageId(),
                        result.get().outcome());
            }
        }
        return linked;
    }
}
