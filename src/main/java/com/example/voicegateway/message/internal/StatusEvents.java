package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.LedgerEvent;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.StatusEventSink;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Locale;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sender's callbacks as a reaction to the ledger's moves: listens to every {@link LedgerEvent} synchronously,
 * inside the transaction of the move, so the callback event commits (or rolls back) with it, and its snapshot shows
 * the message as the move left it.
 */
@Component
public class StatusEvents {

    /** 8x8 accepted a call; once per call. */
    public static final String SUBMITTED = "voice_message.submitted";
    /** A call's outcome is unknown. */
    public static final String UNKNOWN = "voice_message.unknown";
    /** A call ended and another follows (redial or fallback). */
    public static final String CALL_ENDED = "voice_message.call_ended";
    /** The person pressed the opt-out key: the number is on the client's do-not-call list now. */
    public static final String OPTED_OUT = "voice_message.opted_out";

    private final VoiceMessageRepository repository;
    private final MessageViews views;
    private final JsonMapper json;
    private final ObjectProvider<StatusEventSink> sinks;
    private final JdbcClient jdbc;
    @PersistenceContext
    private EntityManager entityManager;

    StatusEvents(VoiceMessageRepository repository, MessageViews views, ObjectProvider<StatusEventSink> sinks,
            JdbcClient jdbc, JsonMapper json) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.views = views;
        this.json = json;
        this.sinks = sinks;
    }

    /** The event of a final status: {@code voice_message.<status in lower case>}. */
    public static String finalType(MessageStatus status) {
        if (!status.isFinal()) {
            throw new IllegalArgumentException(status + " is not a final status");
        }
        return "voice_message." + status.name().toLowerCase(Locale.ROOT);
    }

    /** The callback event type of a move. */
    static String type(LedgerEvent event) {
        // Java 17: no pattern switch yet; the interface is sealed, so this list is complete.
        if (event instanceof LedgerEvent.MessageFinished finished) {
            return finalType(finished.status());
        }
        if (event instanceof LedgerEvent.CallSubmitted) {
            return SUBMITTED;
        }
        if (event instanceof LedgerEvent.CallOutcomeUnknown) {
            return UNKNOWN;
        }
        if (event instanceof LedgerEvent.CallOptedOut) {
            return OPTED_OUT;
        }
        return CALL_ENDED;
    }

    @EventListener
    void on(LedgerEvent event) {
        if (!(event instanceof LedgerEvent.CallEnded) && !(event instanceof LedgerEvent.CallRequeued)) {
            record(event.messageId(), type(event));
        }
    }

    /** The first key of the per-message advisory lock ("VGev"), so it cannot meet another feature's locks. */
    private static final int EVENT_LOCK_CLASS = 0x56476576;

    /** Records {@code type} for the message, in the caller's transaction; nothing when it has no callbacks. */
    void record(UUID messageId, String type) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            // Outside a transaction the change could commit without its event: exactly the loss the outbox prevents.
            throw new IllegalStateException("status events must be recorded in the transaction of the change");
        }
        // Most messages have no callback: a plain read says so without loading the entity (in bench/run's profile
        // that load was an eighth of a dispatch's or a summary's CPU). The URL is set at intake and never changes.
        if (!hasCallback(messageId)) {
            return;
        }
        // Two changes of one message record their events (and sequence numbers) one after the other. A lock of the
        // message's own, not its row: a command that moves only a call (8x8's answer, the lease sweep) holds that
        // call's row, and settlement locks the message row before the calls, so taking the message row here could
        // deadlock with it. Every command takes its row locks before it publishes, so this lock is always the last.
        jdbc.sql("SELECT pg_advisory_xact_lock(" + EVENT_LOCK_CLASS + ", hashtext(?))").param(messageId.toString())
                .query((rs, n) -> 1).single();
        VoiceMessage message = repository.findById(messageId).orElse(null);
        if (message == null || message.getCallbackUrl() == null) {
            return;
        }
        // A transaction with two events (a summary that settles a call and ends the message) loaded the row at the
        // first; the commands' SQL moved it since: read it again, so each snapshot is the message as its move left it.
        entityManager.refresh(message);
        JsonNode snapshot = json.valueToTree(views.full(message, false));
        StatusEventSink.StatusEvent event = new StatusEventSink.StatusEvent(messageId, message.getClientName(),
                message.getCallbackUrl(), type, snapshot);
        sinks.forEach(sink -> sink.record(event));
    }

    /**
     * Tells this transaction's events that these messages have no callback URL, so their moves skip the read that
     * would say so: a broadcast's cancel moves thousands of messages in one statement that already knows it.
     */
    static void noCallbacksFor(java.util.Collection<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        java.util.Set<UUID> known = (java.util.Set<UUID>) TransactionSynchronizationManager.getResource(NO_CALLBACK);
        if (known == null) {
            known = new java.util.HashSet<>();
            TransactionSynchronizationManager.bindResource(NO_CALLBACK, known);
            TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            TransactionSynchronizationManager.unbindResourceIfPossible(NO_CALLBACK);
                        }
                    });
        }
        known.addAll(messageIds);
    }

    /** The key of {@link #noCallbacksFor}'s set among the transaction's resources. */
    private static final Object NO_CALLBACK = new Object();

    private boolean hasCallback(UUID messageId) {
        Object known = TransactionSynchronizationManager.getResource(NO_CALLBACK);
        if (known instanceof java.util.Set<?> without && without.contains(messageId)) {
            return false;
        }
        return jdbc.sql("SELECT callback_url IS NOT NULL FROM voice_message WHERE id = ?")
                .param(messageId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }
}
