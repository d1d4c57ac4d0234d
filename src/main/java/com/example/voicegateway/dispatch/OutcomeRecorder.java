package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.CallRetries;
import com.example.voicegateway.message.AttemptView;
import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.Outbox;
import com.example.voicegateway.phone.PhoneNumbers;
import com.example.voicegateway.message.SessionRecorded;
import com.example.voicegateway.schedule.CallSchedule;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;
import org.springframework.transaction.TransactionException;

/**
 * Writes what a send produced: {@link DispatchPolicy} decides, this persists (retrying while the database is
 * briefly away and the lease lasts, not for a failure that would only repeat), counts, logs and publishes.
 */
final class OutcomeRecorder {

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final Duration FIRST_DELAY = Duration.ofMillis(50);
    private static final Duration MAX_DELAY = Duration.ofSeconds(1);

    private final Outbox outbox;
    private final DispatchMetrics metrics;
    private final ApplicationEventPublisher events;
    private final CallRetries settings;
    private final Clock clock;
    private final Runnable wake;

    OutcomeRecorder(Outbox outbox, DispatchMetrics metrics, ApplicationEventPublisher events,
            CallRetries settings, Clock clock, Runnable wake) {
        this.outbox = outbox;
        this.metrics = metrics;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.wake = wake;
    }

    void record(SendOutcome sent) {
        ClaimedMessage m = sent.message();
        if (sent.lost()) {
            // Earlier POSTs of this claim (if any) were provably not created: nothing of ours to record.
            log.info("Message {} moved before a POST began ({} earlier POST(s)); not sent, nothing to record",
                    m.id(), sent.posts());
            return;
        }
        Instant now = clock.instant();
        DispatchPolicy.Decision decision = DispatchPolicy.decide(sent, now, settings,
                ThreadLocalRandom.current().nextDouble());
        if (decision instanceof DispatchPolicy.Submit submit) {
            SendResult.Created created = submit.created();
            Outbox.Accepted accepted = new Outbox.Accepted(created.sessionId(), created.callFlowRequestId(),
                    created.statusCode(), created.statusMessage());
            if (persist(m, () -> outbox.recordAccepted(m, accepted, submit.attemptsDelta(), now, sent.rows()))) {
                events.publishEvent(new SessionRecorded(m.id(), submit.created().sessionId()));
            }
            return;
        }
        Outbox.Outcome outcome = ((DispatchPolicy.Write) decision).outcome();
        switch (outcome.status()) {
            // The code only: 8x8's statusMessage (stored and shown to the caller) can quote request fields.
            case REJECTED -> log.info("Message {} call {} to {} rejected by 8x8: HTTP {}, statusCode {}", m.id(),
                    m.callNumber(), PhoneNumbers.mask(m.destination()),
                    sent.last() == null ? null : sent.last().httpStatus(),
                    sent.last() == null ? null : sent.last().statusCode());
            case UNKNOWN -> log.warn("Message {} call {} to {}: {}; marked UNKNOWN, never re-sent", m.id(),
                    m.callNumber(), PhoneNumbers.mask(m.destination()), outcome.lastError());
            case EXPIRED -> {
                if (sent.last() == null) {
                    metrics.attempt(AttemptOutcome.EXPIRED);
                }
            }
            default -> {
            }
        }
        finish(m, outcome, now, sent.rows());
    }

    /** Writes a terminal or QUEUED outcome for a message this dispatcher holds; logs a lost race. */
    void finish(ClaimedMessage m, Outbox.Outcome wanted, Instant now, List<AttemptView> rows) {
        Outbox.Outcome outcome = wanted.status() == CallStatus.QUEUED ? reschedule(m, wanted, now) : wanted;
        Outbox.Conflict conflict = persist(m, () -> outbox.recordSendOutcome(m, outcome, now, rows));
        if (outcome.status() == CallStatus.QUEUED) {
            // The coordinator may be asleep for a whole poll interval; let it see the new next_attempt_at.
            wake.run();
        }
        if (conflict != null) {
            log.info("Message {} moved to {} while it was being sent; outcome {} not applied", m.id(),
                    conflict.status(), outcome.status());
        }
    }

    /**
     * Every way back to the queue passes here, so no later attempt (retry, rate-limit or breaker wait, a window that
     * closed while the row waited) lands before sendAt or outside the window: it moves to the next opening, or the
     * message ends EXPIRED, saying why, when that opening is not before validUntil.
     */
    private Outbox.Outcome reschedule(ClaimedMessage m, Outbox.Outcome queued, Instant now) {
        Instant wanted = queued.nextAttemptAt() == null || queued.nextAttemptAt().isBefore(now) ? now
                : queued.nextAttemptAt();
        CallSchedule.Verdict verdict = m.schedule().later(wanted, queued.waitingFor());
        if (verdict instanceof CallSchedule.Never never) {
            metrics.attempt(AttemptOutcome.EXPIRED);
            String last = queued.lastError() == null || CallSender.NOT_NOW.equals(queued.lastError()) ? ""
                    : "; last: " + queued.lastError();
            return new Outbox.Outcome(CallStatus.EXPIRED, queued.attemptsDelta(), null, never.why() + last,
                    null, null);
        }
        CallSchedule.Wait wait = (CallSchedule.Wait) verdict;
        return queued.dueAt(wait.until(), wait.until().isAfter(now) ? wait.reason() : null);
    }

    /**
     * Runs an outcome write, again after a short backoff (Spring's {@link RetryTemplate}: 50 ms doubling to 1 s) while
     * it fails for a reason that passes ({@link #passes}: PostgreSQL restarting, a lost connection, a lock conflict)
     * and the lease lasts. Without this a message never sent, or refused by 8x8, would stay SENDING and end UNKNOWN,
     * then FAILED. Every write is guarded by the claim's version and {@code status = 'SENDING'}, so a retry cannot
     * overwrite what the sweep or a summary wrote meanwhile. Any other failure (a constraint, a bug) would fail the
     * same way again: it is thrown at once, and the row stays SENDING for the lease sweep, as after a crash.
     */
    private <T> T persist(ClaimedMessage m, Supplier<T> write) {
        Duration leaseLeft = Duration.between(clock.instant(), m.leaseUntil());
        if (leaseLeft.isNegative() || leaseLeft.isZero()) {
            return write.get();
        }
        RetryTemplate retries = new RetryTemplate(RetryPolicy.builder()
                .predicate(OutcomeRecorder::passes)
                .maxRetries(Long.MAX_VALUE)
                .delay(FIRST_DELAY)
                .multiplier(2)
                .maxDelay(MAX_DELAY)
                .timeout(leaseLeft)
                .build());
        AtomicBoolean warned = new AtomicBoolean();
        retries.setRetryListener(new RetryListener() {
            @Override
            public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable e) {
                if (warned.compareAndSet(false, true)) {
                    // The class only: a driver message can quote the row, phone numbers included.
                    log.warn("Recording the outcome of message {} failed, retrying until its lease ends: {}", m.id(),
                            e.getClass().getSimpleName());
                }
            }
        });
        try {
            return retries.execute(write::get);
        } catch (RetryException e) {
            // Given up (the lease ends, or stopping): the caller sees what the write threw last.
            if (e.getCause() instanceof RuntimeException last) {
                throw last;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static final SQLStateSQLExceptionTranslator SQL_STATES = new SQLStateSQLExceptionTranslator();

    /**
     * Whether a failed write may succeed if tried again. Where the database said why (a driver error with a
     * SQLSTATE anywhere in the causes), Spring's table of SQLSTATEs decides: a lost connection ({@code 08xxx}), a
     * server shutting down ({@code 57P01}) or out of connections, a deadlock or serialization failure pass; a
     * constraint, bad data or an error a trigger raised would only repeat. Where it did not (no connection to be had,
     * or the rollback after a lost connection failing on the pool's closed connection, which hides the first error),
     * a data-access or transaction failure is taken to pass.
     */
    static boolean passes(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof SQLException sql && sql.getSQLState() != null) {
                DataAccessException said = SQL_STATES.translate("outcome write", null, sql);
                return said instanceof TransientDataAccessException || said instanceof RecoverableDataAccessException
                        || said instanceof DataAccessResourceFailureException;
            }
        }
        return failure instanceof DataAccessException || failure instanceof TransactionException;
    }
}
