package com.example.voicegateway.retention;

import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * A webhook delivery that reaches a message after its personal data was erased (a redelivered session summary, a
 * key reported late) is masked as it is stored, in the webhook's transaction: it never brings the person's number
 * or keys back, not even until the next sweep. The webhooks call this only for a message they found erased.
 */
@Component
public class LateDeliveries {

    private final RetentionStore store;

    LateDeliveries(RetentionStore store) {
        this.store = store;
    }

    /** The session summary row {@code id}, just stored for an erased message. */
    public void summaryStored(long id, Instant now) {
        store.eraseOne(Deliveries.SESSION_SUMMARY, id, now);
    }

    /** The call action event row {@code id}, just stored for an erased message. */
    public void callActionStored(long id, Instant now) {
        store.eraseOne(Deliveries.CALL_ACTION, id, now);
    }
}
