package com.example.voicegateway.message;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/** The one definition of the calls meter, shared by dispatch and the webhook, which each end calls. */
public final class CallMeters {

    public static final String ENDED = "voice_gateway.calls";

    private CallMeters() {
    }

    /** A call reached a final status ({@code outcome}); {@code kind}: first, redial or fallback. */
    public static void ended(MeterRegistry meters, CallKind kind, CallStatus outcome) {
        Counter.builder(ENDED)
                .description("Calls ended, by outcome and by why the call was made (first, redial, fallback)")
                .tag("outcome", outcome.name())
                .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
    }
}
