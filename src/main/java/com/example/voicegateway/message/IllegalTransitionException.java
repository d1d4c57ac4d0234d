package com.example.voicegateway.message;

import java.util.UUID;

/** A move the status model does not allow; callers decide whether that is a conflict or a bug. */
public class IllegalTransitionException extends RuntimeException {

    private final UUID messageId;
    private final MessageStatus current;
    private final MessageStatus requested;

    public IllegalTransitionException(UUID messageId, MessageStatus current, MessageStatus requested) {
        super("message " + messageId + " cannot move from " + current + " to " + requested);
        this.messageId = messageId;
        this.current = current;
        this.requested = requested;
    }

    public UUID messageId() {
        return messageId;
    }

    public MessageStatus current() {
        return current;
    }

    public MessageStatus requested() {
        return requested;
    }
}
