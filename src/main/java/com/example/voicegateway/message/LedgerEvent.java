package com.example.voicegateway.message;

import java.util.UUID;

/**
 * A move of a message or one of its calls, published by the command that made it, inside that command's
 * transaction. Reactions (the sender's callbacks, wake-ups, metrics) listen; the callback outbox listens
 * synchronously, so a move and its callback commit together or not at all.
 */
public sealed interface LedgerEvent {

    UUID messageId();

    /** 8x8 accepted a call (its CREATED answer, or a summary that proves it); once per call. */
    record CallSubmitted(UUID messageId, int callNumber) implements LedgerEvent {
    }

    /** A call's outcome became unknown: never re-sent, waiting for the summary or 8x8's logs. */
    record CallOutcomeUnknown(UUID messageId, int callNumber) implements LedgerEvent {
    }

    /**
     * 8x8's logs proved an unknown call was never placed: it is queued again, the same call and clientRequestId. No
     * callback of its own (the sender heard {@code unknown}; it hears the call's end or the message's).
     */
    record CallRequeued(UUID messageId, int callNumber) implements LedgerEvent {
    }

    /** A call ended with a proven outcome and the plan placed another call (a redial or a fallback). */
    record NextCallPlanned(UUID messageId, int endedCall, int nextCall) implements LedgerEvent {
    }

    /**
     * A call reached a final status ({@code outcome}); {@code kind}: why it was made (first, redial, fallback). No
     * callback of its own: the message's events say what the sender needs.
     */
    record CallEnded(UUID messageId, int callNumber, CallKind kind, CallStatus outcome) implements LedgerEvent {

        public CallEnded {
            if (!outcome.isFinal()) {
                throw new IllegalArgumentException(outcome + " does not end a call");
            }
        }
    }

    /**
     * The person on a call pressed the message's opt-out key: the call's number goes on the client's do-not-call list
     * (the suppression feature listens, in this transaction) and the sender hears {@code voice_message.opted_out}. Not
     * a move of the call's status (the summary still says how the call ended), but of the call: its
     * {@code optedOutAt}. {@code destination} is the call's number, in E.164.
     */
    record CallOptedOut(UUID messageId, int callNumber, String clientName, String destination, java.time.Instant at)
            implements LedgerEvent {
    }

    /** The message reached a final status: nothing more will be sent. */
    record MessageFinished(UUID messageId, MessageStatus status) implements LedgerEvent {

        public MessageFinished {
            if (!status.isFinal()) {
                throw new IllegalArgumentException(status + " is not a final status");
            }
        }
    }
}
