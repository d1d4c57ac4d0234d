package com.example.voicegateway.message.internal;

import com.example.voicegateway.message.LedgerEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The calls meter, a reaction to the ledger's {@link LedgerEvent.CallEnded}: counted once the move has committed, so
 * a move that rolled back (a lost race, a database outage) is never counted.
 */
@Component
class CallMeters {

    static final String ENDED = "voice_gateway.calls";

    private final MeterRegistry meters;

    CallMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    @TransactionalEventListener
    void on(LedgerEvent.CallEnded ended) {
        Counter.builder(ENDED)
                .description("Calls ended, by outcome and by why the call was made (first, redial, fallback)")
                .tag("outcome", ended.outcome().name())
                .tag("kind", ended.kind().name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
    }
}
