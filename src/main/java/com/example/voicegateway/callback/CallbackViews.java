package com.example.voicegateway.callback;

import com.example.voicegateway.message.CallbackView;

/** A stored delivery as the message's view and {@code /admin/callbacks} show it. */
final class CallbackViews {

    private CallbackViews() {
    }

    static CallbackView of(CallbackStore.Row row) {
        // While PENDING, next_attempt_at is the next try (or the end of the lease of the one in flight).
        return new CallbackView(row.id(), row.messageId(), row.sequence(), row.type(), row.clientName(), row.host(),
                row.status().name(), row.attempts(), row.lastHttpStatus(), row.lastError(), row.lastAttemptAt(),
                row.status() == CallbackStatus.PENDING ? row.nextAttemptAt() : null, row.deliveredAt(),
                row.createdAt());
    }
}
