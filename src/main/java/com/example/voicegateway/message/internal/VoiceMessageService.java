package com.example.voicegateway.message.internal;

import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.message.CancelAttempted;
import com.example.voicegateway.message.IllegalTransitionException;
import com.example.voicegateway.message.IntakeQuota;
import com.example.voicegateway.message.MessageNotFoundException;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.phone.PhoneNumbers;
import com.example.voicegateway.ratelimit.DailyCallBudget;
import com.example.voicegateway.schedule.Priority;
import com.example.voicegateway.schedule.WaitingFor;
import com.example.voicegateway.web.PageQuery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.criteria.Predicate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

@Service
class VoiceMessageService {


    record Accepted(VoiceMessageView view, boolean replayed, Map<String, String> quotaHeaders) {
    }

    /** @param multipleCalls true: only messages that needed more than one call; false: only those with one */
    record ListFilter(MessageStatus status, String clientReference, String destination, Instant createdFrom,
            Instant createdTo, Boolean multipleCalls, Priority priority, WaitingFor waitingFor, UUID broadcastId) {
    }

    private final VoiceMessageRequestValidator validator;
    private final IntakeWriter writer;
    private final VoiceMessageRepository repository;
    private final VoiceCalls calls;
    private final MessageViews views;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final Clock clock;
    private final IntakeProperties intake;
    private final IntakeQuota quotas;
    private final ApplicationEventPublisher events;
    private final DailyCallBudget callBudget;
    private final Map<String, Counter> acceptedCounters = new ConcurrentHashMap<>();

    VoiceMessageService(VoiceMessageRequestValidator validator, IntakeWriter writer, VoiceMessageRepository repository,
            VoiceCalls calls, MessageViews views, TransactionTemplate transactions, MeterRegistry meters, Clock clock,
            IntakeProperties intake, IntakeQuota quotas, ApplicationEventPublisher events, DailyCallBudget callBudget) {
        this.validator = validator;
        this.writer = writer;
        this.repository = repository;
        this.calls = calls;
        this.views = views;
        this.transactions = transactions;
        this.meters = meters;
        this.clock = clock;
        this.intake = intake;
        this.quotas = quotas;
        this.events = events;
        this.callBudget = callBudget;
    }

    Accepted accept(VoiceMessageRequest request, Caller caller, String idempotencyKey) {
        // PostgreSQL keeps microseconds: the 202 must show the same createdAt a later GET will.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        NewMessage message = validator.validate(request, caller.name(), idempotencyKey, now);
        refuseOverDailyCalls(message, idempotencyKey, now);
        IntakeQuota.Decision quota = quotas.take(caller.name());
        if (!quota.allowed() && !isReplay(caller.name(), idempotencyKey)) {
            throw new QuotaExceededException(caller.name(), quota);
        }
        IntakeWriter.Outcome outcome = store(message, quota);
        if (outcome instanceof IntakeWriter.Refused refused) {
            if (quota.counted()) {
                // Nothing was stored, so nothing is counted.
                quotas.giveBack(caller.name(), quota);
            }
            throw new DestinationSuppressedException(caller.name(), refused.suppressedBy());
        }
        if (outcome instanceof IntakeWriter.Existing existing) {
            if (quota.counted()) {
                // A replay stores nothing new, so it must not use up the quota either.
                quotas.giveBack(caller.name(), quota);
            }
            if (!Objects.equals(existing.requestFingerprint(), message.requestFingerprint())) {
                throw new IdempotencyConflictException(existing.id());
            }
            return new Accepted(find(existing.id(), caller), true, quota.headers());
        }
        acceptedCounter(caller.name()).increment();
        return new Accepted(views.accepted(((IntakeWriter.Inserted) outcome).message()), false, quota.headers());
    }

    /**
     * The spend guard's early answer: when the client has used today's calls to the destination's country and the
     * message would be due before they refill, 429 now rather than a message held until tomorrow (dispatch holds any
     * call that still finds the day used up, a fallback's included). Looks, takes nothing: dispatch counts the calls.
     */
    private void refuseOverDailyCalls(NewMessage message, String idempotencyKey, Instant now) {
        Long limit = callBudget.limit(message.clientName());
        if (limit == null) {
            return;
        }
        Instant refill = DailyCallBudget.refillAt(now);
        if (!message.schedule().firstDueAt().isBefore(refill)) {
            return;
        }
        PhoneNumbers.Country country = PhoneNumbers.country(message.destination());
        if (callBudget.left(message.clientName(), country.key()) > 0
                || isReplay(message.clientName(), idempotencyKey)) {
            return;
        }
        throw new DailyCallLimitException(message.clientName(), limit, country.describe(),
                java.time.Duration.between(now, refill));
    }

    /** An earlier request with this Idempotency-Key was stored: its replay is answered whatever the quota says. */
    private boolean isReplay(String client, String idempotencyKey) {
        return idempotencyKey != null && repository.existsByClientNameAndIdempotencyKey(client, idempotencyKey);
    }

    private IntakeWriter.Outcome store(NewMessage message, IntakeQuota.Decision quota) {
        try {
            return await(writer.write(message));
        } catch (IntakeOutcomeUnknownException maybeStored) {
            // It may be stored, so the quota keeps it; a retry with the same key is a replay and never refused.
            throw maybeStored;
        } catch (RuntimeException notStored) {
            if (quota.counted()) {
                quotas.giveBack(message.clientName(), quota);
            }
            throw notStored;
        }
    }

    VoiceMessageView find(UUID id, Caller caller) {
        return views.full(visible(id, caller), true);
    }

    VoiceMessagePage list(ListFilter filter, Caller caller, PageQuery page) {
        Instant now = clock.instant();
        // The filter needs it before the query; the views only when the page holds a due message (asked once).
        boolean heldBackForFilter = filter.waitingFor() == WaitingFor.RATE_LIMIT && views.heldBackAt(now);
        Specification<VoiceMessage> spec = (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            if (!caller.ops()) {
                where.add(cb.equal(root.get("clientName"), caller.name()));
            }
            if (filter.broadcastId() != null) {
                where.add(cb.equal(root.get("broadcastId"), filter.broadcastId()));
            }
            if (filter.status() != null) {
                where.add(cb.equal(root.get("status"), filter.status()));
            }
            if (filter.clientReference() != null) {
                where.add(cb.equal(root.get("clientReference"), filter.clientReference()));
            }
            if (filter.destination() != null) {
                where.add(cb.equal(root.get("destination"), filter.destination()));
            }
            if (filter.createdFrom() != null) {
                where.add(cb.greaterThanOrEqualTo(root.get("createdAt"), filter.createdFrom()));
            }
            if (filter.createdTo() != null) {
                where.add(cb.lessThan(root.get("createdAt"), filter.createdTo()));
            }
            if (filter.multipleCalls() != null) {
                where.add(filter.multipleCalls() ? cb.greaterThan(root.get("currentCall"), (short) 1)
                        : cb.equal(root.get("currentCall"), (short) 1));
            }
            if (filter.priority() != null) {
                where.add(cb.equal(root.get("priority"), filter.priority()));
            }
            if (filter.waitingFor() != null) {
                // The same rule as the view's: a wait that has passed is no longer a wait, and a due message waits
                // for 8x8's limits while the dispatchers are holding back for them.
                where.add(cb.equal(root.get("status"), MessageStatus.QUEUED));
                Predicate waiting = cb.and(cb.equal(root.get("waitingFor"), filter.waitingFor()),
                        cb.greaterThan(root.get("nextAttemptAt"), now));
                where.add(heldBackForFilter
                        ? cb.or(waiting, cb.lessThanOrEqualTo(root.get("nextAttemptAt"), now))
                        : waiting);
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
        Sort newestFirst = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));
        Page<VoiceMessage> found = repository.findAll(spec, PageRequest.of(page.page(), page.size(), newestFirst));
        List<VoiceMessageView> items = views.listed(found.getContent(), now, heldBackForFilter);
        return new VoiceMessagePage(items, page.page(), page.size(), found.getTotalElements(), found.getTotalPages());
    }

    VoiceMessageView cancel(UUID id, Caller caller) {
        try {
            String client = visible(id, caller).getClientName();
            transactions.executeWithoutResult(tx -> {
                // PostgreSQL keeps microseconds: the answer (and the callback's snapshot) must match a later GET.
                Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                // The command locks the message, so concurrent cancels queue behind each other and the later one reads
                // the status the earlier one committed; a cancel racing the dispatcher's claim waits for the call
                // row and then finds it SENDING. Either way the loser gets a clean 409.
                MessageStatus before = calls.cancel(id, now);
                events.publishEvent(new CancelAttempted(id, caller.name(), caller.ops(), true,
                        "canceled a " + before + " message of client " + client));
            });
        } catch (IllegalTransitionException e) {
            events.publishEvent(new CancelAttempted(id, caller.name(), caller.ops(), false,
                    "not canceled: the message is " + e.current()));
            throw e;
        } catch (MessageNotFoundException e) {
            events.publishEvent(new CancelAttempted(id, caller.name(), caller.ops(), false,
                    "not canceled: no such message"));
            throw e;
        }
        return find(id, caller);
    }

    private VoiceMessage visible(UUID id, Caller caller) {
        return repository.findById(id)
                .filter(m -> caller.canSee(m.getClientName()))
                .orElseThrow(() -> new MessageNotFoundException(id));
    }

    private Counter acceptedCounter(String client) {
        // Cached: building and registering a meter on every request is a measurable share of intake's CPU.
        return acceptedCounters.computeIfAbsent(client, name -> Counter.builder("voice_gateway.messages.accepted")
                .description("Voice messages accepted for dispatch")
                .tag("client", name)
                .register(meters));
    }

    private IntakeWriter.Outcome await(IntakeWriter.Pending pending) {
        try {
            try {
                return pending.result().get(intake.storeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
                if (pending.abandon()) {
                    throw new IntakeUnavailableException("the database did not take the message in time");
                }
                // A writer is inserting it right now, so only its answer can tell whether it was stored; the
                // statement timeout bounds the wait.
                return pending.result().get(intake.statementTimeout().toMillis() + 2_000, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IntakeUnavailableException("interrupted while storing the message");
        } catch (TimeoutException e) {
            throw new IntakeOutcomeUnknownException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IntakeUnavailableException("the message could not be stored");
        }
    }
}
