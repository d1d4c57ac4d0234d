package com.example.voicegateway.retention;

import com.example.voicegateway.config.GatewayProperties;
import com.example.voicegateway.config.RetentionProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Applies {@code gateway.retention.*} every {@code interval}: erases personal data of finished messages older than
 * {@code personal-data}, then deletes finished messages older than {@code messages}. Each step runs in batches of
 * {@code batch-size}, each batch its own transaction, until nothing is due or the run's budget of batches is spent
 * (a large backlog is worked off over several runs instead of in one long one).
 */
@Component
class RetentionSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);
    static final int MAX_BATCHES_PER_STEP = 200;

    record Swept(int erasedMessages, int erasedSummaries, int deletedMessages, int deletedSummaries) {
    }

    private final RetentionStore store;
    private final RetentionProperties settings;
    private final Clock clock;
    private final Counter erasedMessages;
    private final Counter erasedSummaries;
    private final Counter deletedMessages;
    private final Counter deletedSummaries;
    private ScheduledExecutorService scheduler;

    RetentionSweeper(RetentionStore store, GatewayProperties properties, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.settings = properties.retention();
        this.clock = clock;
        this.erasedMessages = counter(meters, "voice_gateway.retention.erased", "message",
                "Rows whose personal data was erased (messages) or masked (session summaries)");
        this.erasedSummaries = counter(meters, "voice_gateway.retention.erased", "session_summary",
                "Rows whose personal data was erased (messages) or masked (session summaries)");
        this.deletedMessages = counter(meters, "voice_gateway.retention.deleted", "message",
                "Rows deleted after gateway.retention.messages (attempts and summaries go with their message)");
        this.deletedSummaries = counter(meters, "voice_gateway.retention.deleted", "session_summary",
                "Rows deleted after gateway.retention.messages (attempts and summaries go with their message)");
    }

    private static Counter counter(MeterRegistry meters, String name, String table, String description) {
        return Counter.builder(name).description(description).tag("table", table).register(meters);
    }

    /** One full run at the clock's current time. */
    Swept sweep() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant eraseBefore = now.minus(settings.personalData());
        Instant deleteBefore = now.minus(settings.messages());
        int limit = settings.batchSize();
        int[] erasedSummariesOfMessages = {0};
        int messagesErased = inBatches(() -> {
            RetentionStore.Erased erased = store.eraseMessages(eraseBefore, limit, now);
            erasedSummariesOfMessages[0] += erased.summaries();
            return erased.messages();
        });
        int summariesErased = erasedSummariesOfMessages[0]
                + inBatches(() -> store.eraseOldSummaries(eraseBefore, limit, now));
        int messagesDeleted = inBatches(() -> store.deleteMessages(deleteBefore, limit));
        int summariesDeleted = inBatches(() -> store.deleteUnmatchedSummaries(deleteBefore, limit));
        erasedMessages.increment(messagesErased);
        erasedSummaries.increment(summariesErased);
        deletedMessages.increment(messagesDeleted);
        deletedSummaries.increment(summariesDeleted);
        Swept swept = new Swept(messagesErased, summariesErased, messagesDeleted, summariesDeleted);
        if (messagesErased + summariesErased + messagesDeleted + summariesDeleted > 0) {
            log.info("Retention: erased personal data of {} messages and {} session summaries; deleted {} messages"
                    + " and {} unmatched session summaries", messagesErased, summariesErased, messagesDeleted,
                    summariesDeleted);
        }
        return swept;
    }

    private int inBatches(IntSupplier batch) {
        int total = 0;
        for (int i = 0; i < MAX_BATCHES_PER_STEP; i++) {
            int done = batch.getAsInt();
            total += done;
            if (done < settings.batchSize()) {
                break;
            }
        }
        return total;
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled()) {
            log.info("Retention sweeps are off on this instance (gateway.retention.enabled=false)");
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "retention-sweep");
            thread.setDaemon(true);
            return thread;
        });
        long millis = settings.interval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                // The class only: a driver message can quote the row, personal data included.
                log.warn("Retention sweep failed, next run in {}: {}", settings.interval(),
                        e.getClass().getSimpleName());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
