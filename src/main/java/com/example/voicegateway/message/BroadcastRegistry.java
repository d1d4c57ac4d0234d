package com.example.voicegateway.message;

import com.example.voicegateway.schedule.Priority;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A broadcast's own row, written in the transaction that stores its messages, so a broadcast is stored whole or not
 * at all. Implemented by the broadcast feature, which owns the row; intake only asks it to register one.
 */
public interface BroadcastRegistry {

    /**
     * Inserts the broadcast's row in the caller's transaction, unless the client's Idempotency-Key already names one:
     * then that one is returned, not inserted (the caller compares the fingerprints).
     */
    Registration register(NewBroadcast broadcast);

    /** The broadcast a client's Idempotency-Key already names, if any. */
    Optional<Registration> findByKey(String clientName, String idempotencyKey);

    /** The client a broadcast belongs to, if it exists. */
    Optional<String> owner(UUID broadcastId);

    /**
     * @param recipients        messages stored
     * @param rejected          rows refused and not stored ({@code "partial": true})
     * @param messageCallbacks  whether each message gets its own callbacks
     * @param callbackUrl       where {@code broadcast.completed} goes; null: nowhere
     */
    record NewBroadcast(UUID id, String clientName, String idempotencyKey, String requestFingerprint, int recipients,
            int rejected, Priority priority, boolean messageCallbacks, String callbackUrl, Instant createdAt) {
    }

    /** The broadcast's row: the one just inserted, or the one the Idempotency-Key already named. */
    record Registration(UUID id, boolean inserted, String requestFingerprint) {
    }
}
