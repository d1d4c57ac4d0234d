package com.example.voicegateway.suppression.internal;

import com.example.voicegateway.message.LedgerEvent;
import com.example.voicegateway.suppression.Suppressions;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The person on a call pressed the opt-out key: their number goes on the client's do-not-call list in the key
 * press's own transaction (the ledger publishes inside it), so the key, its callback and the entry commit together,
 * before 8x8 gets the answer.
 */
@Component
class OptOutListener {

    private final Suppressions suppressions;

    OptOutListener(Suppressions suppressions) {
        this.suppressions = suppressions;
    }

    @EventListener
    void on(LedgerEvent.CallOptedOut optedOut) {
        suppressions.optedOut(optedOut.clientName(), optedOut.destination(), optedOut.messageId(),
                optedOut.callNumber(), optedOut.at());
    }
}
