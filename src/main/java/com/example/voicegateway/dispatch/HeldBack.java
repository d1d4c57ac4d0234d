package com.example.voicegateway.dispatch;

import com.example.voicegateway.message.CapacityLookup;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Remembers, for every instance, that a claim left due messages behind because 8x8's shared call rate or
 * {@code max-concurrent-calls} was used up, so a view can say {@code waitingFor: RATE_LIMIT} for them. The mark
 * lasts {@link #HOLD} and each instance renews it at most about once a second while it is held back: a claim loop
 * at 8x8's rate would otherwise write on every claim.
 */
@Component
class HeldBack implements CapacityLookup {

    static final Duration HOLD = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    /** Until when this instance last marked the dispatchers held back. */
    private final AtomicReference<Instant> markedUntil = new AtomicReference<>(Instant.EPOCH);

    HeldBack(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A claim at {@code now} found no permit or no free line; {@code anyDue} says whether that left due messages
     * behind (asked only when the mark is to be written).
     */
    void mark(Instant now, BooleanSupplier anyDue) {
        Instant until = now.plus(HOLD);
        Instant marked = markedUntil.get();
        // Fresh enough: renewed less than half a hold ago (a clock moved back makes it stale, not fresh).
        if (marked.isAfter(now.plus(HOLD.dividedBy(2))) && !marked.isAfter(until)) {
            return;
        }
        if (anyDue.getAsBoolean() && markedUntil.compareAndSet(marked, until)) {
            jdbc.sql("""
                    INSERT INTO dispatch_held_back (id, until) VALUES (true, ?)
                    ON CONFLICT (id) DO UPDATE SET until = EXCLUDED.until
                    """).param(Timestamp.from(until)).update();
        }
    }

    @Override
    public boolean heldBackAt(Instant now) {
        return jdbc.sql("SELECT until > ? FROM dispatch_held_back")
                .param(Timestamp.from(now))
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }
}
