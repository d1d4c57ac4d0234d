package com.example.voicegateway.broadcast.internal;

import com.example.voicegateway.audit.AuditLog;
import com.example.voicegateway.audit.AuditOutcome;
import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.broadcast.BroadcastOutcome;
import com.example.voicegateway.message.BroadcastMessages;
import com.example.voicegateway.message.BroadcastNotFoundException;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.web.PageQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Progress, list and cancel of broadcasts; the messages' side comes from the ledger's {@link BroadcastMessages}. */
@Service
class BroadcastService {

    /** What a cancel did. */
    @io.swagger.v3.oas.annotations.media.Schema(description = "What a cancel did")
    record Canceled(
            @io.swagger.v3.oas.annotations.media.Schema(description = "Messages this cancel moved from QUEUED to"
                    + " CANCELED", requiredMode = io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED)
            int canceled,
            @io.swagger.v3.oas.annotations.media.Schema(description = "The broadcast as it is now",
                    requiredMode = io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED)
            BroadcastView broadcast) {
    }

    private final BroadcastStore store;
    private final BroadcastMessages messages;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;

    BroadcastService(BroadcastStore store, BroadcastMessages messages, TransactionTemplate transactions,
            AuditLog audit, Clock clock) {
        this.store = store;
        this.messages = messages;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    BroadcastView find(UUID id, Caller caller) {
        return view(visible(id, caller));
    }

    BroadcastStore.Broadcast visible(UUID id, Caller caller) {
        return store.find(id).filter(b -> caller.canSee(b.clientName()))
                .orElseThrow(() -> new BroadcastNotFoundException(id));
    }

    BroadcastPage list(Caller caller, PageQuery page) {
        String client = caller.ops() ? null : caller.name();
        long total = store.count(client);
        var items = store.list(client, page.size(), page.offset()).stream().map(this::view).toList();
        return new BroadcastPage(items, page.page(), page.size(), total, (int) ((total + page.size() - 1) / page.size()));
    }

    /**
     * Cancels every message still queued, in one statement; calls already under way finish. Audited: who canceled a
     * broadcast of how many people is something ops are asked about.
     */
    Canceled cancel(UUID id, Caller caller) {
        BroadcastStore.Broadcast broadcast = visible(id, caller);
        int canceled = transactions.execute(tx -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            int count = messages.cancelQueued(id, now);
            store.markCanceled(id, caller.name(), now);
            audit.record(caller.name(), "broadcast.cancel", null, AuditOutcome.SUCCEEDED, "canceled " + count
                    + " queued messages of broadcast " + id + " of client " + broadcast.clientName());
            return count;
        });
        return new Canceled(canceled, find(id, caller));
    }

    BroadcastView view(BroadcastStore.Broadcast b) {
        Instant now = clock.instant();
        Map<MessageStatus, Long> counted = messages.countByStatus(b.id());
        Map<MessageStatus, Long> byStatus = new EnumMap<>(MessageStatus.class);
        for (MessageStatus status : MessageStatus.values()) {
            byStatus.put(status, counted.getOrDefault(status, 0L));
        }
        long finished = sum(byStatus, status -> status.isFinal());
        long remaining = sum(byStatus, status -> !status.isFinal());
        BroadcastMessages.Activity activity = messages.activity(b.id(), now);
        double perMinute = perMinute(activity, now);
        Instant estimate = remaining == 0 || perMinute <= 0 ? null
                : now.plus(Duration.ofSeconds((long) Math.ceil(remaining * 60 / perMinute)))
                        .truncatedTo(ChronoUnit.SECONDS);
        var progress = new BroadcastView.Progress(finished, remaining, sum(byStatus, BroadcastOutcome.REACHED),
                sum(byStatus, BroadcastOutcome.NOT_REACHED), sum(byStatus, BroadcastOutcome.FAILED),
                byStatus.get(MessageStatus.CANCELED), byStatus.get(MessageStatus.SUPPRESSED),
                byStatus.get(MessageStatus.ACKNOWLEDGED),
                Math.round(perMinute * 10) / 10.0);
        BroadcastView.State state = b.completedAt() != null || remaining == 0 ? BroadcastView.State.COMPLETED
                : BroadcastView.State.RUNNING;
        return new BroadcastView(b.id(), state, b.clientName(), b.recipients(), b.rejected(), b.priority(),
                b.messageCallbacks(), b.callbackUrl(), byStatus, progress, b.createdAt(), activity.firstCallAt(),
                activity.lastActivityAt(), estimate, b.canceledAt(), b.canceledBy(), b.completedAt());
    }

    /**
     * Messages finished per minute over the rate window, or since the first call when that is more recent (a
     * broadcast two minutes old is not measured over five).
     */
    static double perMinute(BroadcastMessages.Activity activity, Instant now) {
        if (activity.finishedRecently() == 0 || activity.firstCallAt() == null) {
            return 0;
        }
        Duration since = Duration.between(activity.firstCallAt(), now);
        Duration over = since.compareTo(activity.window()) < 0 ? since : activity.window();
        double minutes = Math.max(over.toMillis(), 1_000) / 60_000.0;
        return activity.finishedRecently() / minutes;
    }

    private static long sum(Map<MessageStatus, Long> counts, BroadcastOutcome outcome) {
        return sum(counts, status -> BroadcastOutcome.of(status) == outcome);
    }

    private static long sum(Map<MessageStatus, Long> counts, java.util.function.Predicate<MessageStatus> which) {
        return counts.entrySet().stream().filter(e -> which.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }
}
