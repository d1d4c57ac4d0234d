package com.example.voicegateway.callback;

import com.example.voicegateway.config.ClientPolicies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes one claimed attempt and records what it came to: 2xx delivered; 410 Gone, or a target the client's settings
 * no longer allow, FAILED at once; anything else (an unexpected exception included) retried on the schedule until it
 * is used up, then FAILED.
 */
@Component
class CallbackAttempts {

    private static final Logger log = LoggerFactory.getLogger(CallbackAttempts.class);

    private final CallbackStore store;
    private final CallbackSender sender;
    private final CallbackUrlPolicy policy;
    private final CallbackMetrics metrics;
    private final ClientPolicies clients;
    private final List<Duration> schedule;
    private final Clock clock;
    private final Set<Class<?>> reported = ConcurrentHashMap.newKeySet();

    CallbackAttempts(CallbackStore store, CallbackSender sender, CallbackUrlPolicy policy, CallbackMetrics metrics,
            CallbacksProperties settings, ClientPolicies clients, Clock clock) {
        this.store = store;
        this.sender = sender;
        this.policy = policy;
        this.metrics = metrics;
        this.clients = clients;
        this.schedule = settings.retrySchedule();
        this.clock = clock;
    }

    void attempt(CallbackStore.Claimed event, String owner) {
        long started = System.nanoTime();
        String refused = null;
        CallbackSender.Result result = null;
        try {
            // Settings may have changed since the message was accepted: a host no longer allowed gets nothing.
            refused = policy.problem(event.clientName(), event.url());
            result = refused != null ? null
                    : sender.send(event, clients.client(event.clientName()).callbackSecret());
        } catch (RuntimeException e) {
            // Whatever one URL or one receiver provokes is a failed attempt like any other, on the schedule: it must
            // not kill the thread and leave the event to its lease, tried again and again past the schedule.
            unexpected(event, e);
            result = CallbackSender.Result.noAnswer(DeliveryErrors.describe(e));
        }
        long nanos = System.nanoTime() - started;
        Instant now = clock.instant();
        try {
            if (refused != null) {
                store.failed(event, owner, null, "not sent: callbackUrl " + refused, null, now);
                gaveUp(event, "not sent: callbackUrl " + refused);
                metrics.attempt("failed", nanos);
            } else if (result.delivered()) {
                store.delivered(event, owner, result.httpStatus(), now);
                metrics.attempt("delivered", nanos);
            } else if (result.gone() || event.retryStep() >= schedule.size()) {
                store.failed(event, owner, result.httpStatus(), result.error(), null, now);
                gaveUp(event, result.gone() ? "410 Gone: the receiver asked for no more" : result.error());
                metrics.attempt("failed", nanos);
            } else {
                Instant next = now.plus(schedule.get(event.retryStep()));
                store.failed(event, owner, result.httpStatus(), result.error(), next, now);
                log.info("Callback {} ({}) of message {} to {}: {}; attempt {} at {}", event.id(), event.type(),
                        event.messageId(), event.host(), result.error(), event.attempts() + 1, next);
                metrics.attempt("retry", nanos);
            }
        } catch (RuntimeException e) {
            // The lease runs out and the event is tried again: a receiver may see it twice, never zero times.
            log.warn("Callback {}: outcome not stored ({}); retried when its lease ends", event.id(),
                    e.getClass().getSimpleName());
            metrics.attempt("error", nanos);
        }
    }

    private void unexpected(CallbackStore.Claimed event, RuntimeException e) {
        // The stack once per kind of failure, then a line per attempt: a bug is reported, not repeated for a day.
        if (reported.add(e.getClass())) {
            log.warn("Callback {} of message {} to {}: delivery failed unexpectedly ({}); counted as a failed attempt",
                    event.id(), event.messageId(), event.host(), e.getClass().getName(), e);
        } else {
            log.warn("Callback {} of message {} to {}: delivery failed unexpectedly ({}); counted as a failed attempt",
                    event.id(), event.messageId(), event.host(), e.getClass().getName());
        }
    }

    private void gaveUp(CallbackStore.Claimed event, String why) {
        log.warn("Callback {} ({}) of message {} to {} FAILED after {} attempt(s): {}", event.id(), event.type(),
                event.messageId(), event.host(), event.attempts(), why);
    }
}
