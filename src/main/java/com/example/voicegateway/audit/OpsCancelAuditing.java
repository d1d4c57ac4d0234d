package com.example.voicegateway.audit;

import com.example.voicegateway.message.CancelAttempted;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** An ops key may cancel any client's message; every such cancel, done or refused, goes to the audit trail. */
@Component
class OpsCancelAuditing {

    static final String ACTION = "message.cancel";

    private final AuditLog audit;

    OpsCancelAuditing(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void on(CancelAttempted attempt) {
        if (attempt.byOps()) {
            audit.record(attempt.actor(), ACTION, attempt.messageId(),
                    attempt.canceled() ? AuditOutcome.SUCCEEDED : AuditOutcome.REFUSED, attempt.detail());
        }
    }
}
