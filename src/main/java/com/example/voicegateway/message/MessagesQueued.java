package com.example.voicegateway.message;

/**
 * Published after new messages are committed, so a local dispatcher can start at once. Other instances learn of them
 * through PostgreSQL {@code NOTIFY} on {@link #NOTIFY_CHANNEL}, sent in the same transaction.
 */
public record MessagesQueued(int count) {

    public static final String NOTIFY_CHANNEL = "voice_message_queued";
}
