package com.example.voicegateway.retention;

import com.example.voicegateway.config.LifetimeProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies the retention ages (config.LifetimeProperties) every 10 minutes: erases personal data of done messages
 * older than {@code personal-data}, then deletes done messages older than {@code messages}. Each step runs in batches of
 * 500 rows, each batch its own transaction, until nothing is due or the run's budget of batches is spent
 * (a large backlog is worked off over several runs instead of in one long one). One instance at a time runs it.
 * Only instances with {@code gateway.retention.enabled} have the sweeper: one without it would still take the
 * shared lock on schedule, and an instance with retention on would skip the run it won.
 */
@Component
@ConditionalOnBooleanProperty(name = "gateway.retention.enabled", matchIfMissing = true)
class RetentionSweeper {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);
    static final int MAX_BATCHES_PER_STEP = 200;

    record Swept(int erasedMessages, int erasedSummaries, int erasedCallActions, int deletedMessages,
            int deletedSummaries, int deletedCallActions, int erasedSuppressions, int deletedSuppressions) {

        boolean didAnything() {
            return erasedMessages + erasedSummaries + erasedCallActions + deletedMessages + deletedSummaries
                    + deletedCallActions + erasedSuppressions + deletedSuppressions > 0;
        }
    }

    private static final String ERASED = "voice_gateway.retention.erased";
    private static final String ERASED_MEANS =
            "Rows whose personal data was erased (messages) or masked (session summaries, call action events,"
                    + " do-not-call entries)";
    private static final String DELETED = "voice_gateway.retention.deleted";
    private static final String DELETED_MEANS =
            "Rows deleted after gateway.retention.messages (a message's attempts, summaries and events go with it),"
                    + " or do-not-call entries past their expiresAt";

    private final RetentionStore store;
    private final LifetimeProperties.Retention ages;
    private final int batchSize;
    private final Clock clock;
    private final Counter erasedMessages;
    private final Counter erasedSummaries;
    private final Counter erasedCallActions;
    private final Counter deletedMessages;
    private final Counter deletedSummaries;
    private final Counter deletedCallActions;
    private final Counter erasedSuppressions;
    private final Counter deletedSuppressions;

    @Autowired
    RetentionSweeper(RetentionStore store, LifetimeProperties lifetime, Clock clock, MeterRegistry meters) {
        this(store, lifetime.retention(), RetentionProperties.BATCH_SIZE, clock, meters);
    }

    /** With batches of the test's own size. */
    RetentionSweeper(RetentionStore store, LifetimeProperties.Retention ages, int batchSize,
            Clock clock, MeterRegistry meters) {
        this.store = store;
        this.ages = ages;
        this.batchSize = batchSize;
        this.clock = clock;
        this.erasedMessages = counter(meters, ERASED, "message", ERASED_MEANS);
        this.erasedSummaries = counter(meters, ERASED, Deliveries.SESSION_SUMMARY.table, ERASED_MEANS);
        this.erasedCallActions = counter(meters, ERASED, Deliveries.CALL_ACTION.table, ERASED_MEANS);
        this.deletedMessages = counter(meters, DELETED, "message", DELETED_MEANS);
        this.deletedSummaries = counter(meters, DELETED, Deliveries.SESSION_SUMMARY.table, DELETED_MEANS);
        this.deletedCallActions = counter(meters, DELETED, Deliveries.CALL_ACTION.table, DELETED_MEANS);
        this.erasedSuppressions = counter(meters, ERASED, "suppression", ERASED_MEANS);
        this.deletedSuppressions = counter(meters, DELETED, "suppression", DELETED_MEANS);
    }

    private static Counter counter(MeterRegistry meters, String name, String table, String description) {
        return Counter.builder(name).description(description).tag("table", table).register(meters);
    }

    /** Every {@value RetentionProperties#INTERVAL_MINUTES} minutes where {@code gateway.retention.enabled}. */
    @Scheduled(initialDelay = RetentionProperties.INTERVAL_MINUTES, fixedDelay = RetentionProperties.INTERVAL_MINUTES,
            timeUnit = TimeUnit.MINUTES)
    @SchedulerLock(name = "retention-sweep", lockAtMostFor = "PT1H")
    public void scheduledSweep() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // The class only: a driver message can quote the row, personal data included.
            log.warn("Retention sweep failed, next run in {} min: {}", RetentionProperties.INTERVAL_MINUTES,
                    e.getClass().getSimpleName());
        }
    }

    /** One full run at the clock's current time. */
    Swept sweep() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant eraseBefore = now.minus(ages.personalData());
        Instant deleteBefore = now.minus(ages.messages());
        int limit = batchSize;
        int[] summariesOfMessages = {0};
        int[] callActionsOfMessages = {0};
        int messagesErased = inBatches(() -> {
            RetentionStore.Erased erased = store.eraseMessages(eraseBefore, limit, now);
            summariesOfMessages[0] += erased.summaries();
            callActionsOfMessages[0] += erased.callActions();
            return erased.messages();
        });
        int summariesErased = summariesOfMessages[0]
                + inBatches(() -> store.eraseOld(Deliveries.SESSION_SUMMARY, eraseBefore, limit, now));
        int callActionsErased = callActionsOfMessages[0]
                + inBatches(() -> store.eraseOld(Deliveries.CALL_ACTION, eraseBefore, limit, now));
        int messagesDeleted = inBatches(() -> store.deleteMessages(deleteBefore, limit));
        int summariesDeleted =
                inBatches(() -> store.deleteUnmatched(Deliveries.SESSION_SUMMARY, deleteBefore, limit));
        int callActionsDeleted = inBatches(() -> store.deleteUnmatched(Deliveries.CALL_ACTION, deleteBefore, limit));
        // Do-not-call entries: the number masked after the same period (the key keeps them in force); an expired
        // entry deleted at once.
        int suppressionsErased = inBatches(() -> store.eraseSuppressions(eraseBefore, limit, now));
        int suppressionsDeleted = inBatches(() -> store.deleteExpiredSuppressions(now, limit));
        erasedMessages.increment(messagesErased);
        erasedSummaries.increment(summariesErased);
        erasedCallActions.increment(callActionsErased);
        deletedMessages.increment(messagesDeleted);
        deletedSummaries.increment(summariesDeleted);
        deletedCallActions.increment(callActionsDeleted);
        erasedSuppressions.increment(suppressionsErased);
        deletedSuppressions.increment(suppressionsDeleted);
        Swept swept = new Swept(messagesErased, summariesErased, callActionsErased, messagesDeleted, summariesDeleted,
                callActionsDeleted, suppressionsErased, suppressionsDeleted);
        if (swept.didAnything()) {
            log.info("Retention: erased personal data of {} messages, {} session summaries, {} call action events and"
                    + " {} do-not-call entries; deleted {} messages, {} unmatched session summaries, {} unmatched call"
                    + " action events and {} expired do-not-call entries", messagesErased, summariesErased,
                    callActionsErased, suppressionsErased, messagesDeleted, summariesDeleted, callActionsDeleted,
                    suppressionsDeleted);
        }
        return swept;
    }

    private int inBatches(IntSupplier batch) {
        int total = 0;
        for (int i = 0; i < MAX_BATCHES_PER_STEP; i++) {
            int done = batch.getAsInt();
            total += done;
            if (done < batchSize) {
                break;
            }
        }
        return total;
    }
}
