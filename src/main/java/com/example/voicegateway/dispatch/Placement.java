package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.CallerIds;
import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.phone.PhoneNumbers;
import com.example.voicegateway.ratelimit.DailyCallBudget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Where a claimed call is placed from and whether its country's daily budget lets it go (issue 27): the caller id of
 * the call's destination country unless the message named its own ({@link CallerIds}), and one call of the client's
 * {@code max-calls-per-day} to that country ({@link DailyCallBudget}), taken right before the first POST of a claim
 * and given back when 8x8 provably created nothing. Each call that may have rung someone is counted in
 * {@code voice_gateway.calls.placed} by client and country, the metric the jump alert reads (docs/operations.md).
 */
@Component
class Placement {

    static final String DAILY_LIMIT_USED_UP = "the client's max-calls-per-day to this country is used up for today:"
            + " not sent";

    private final CallerIds callerIds;
    private final DailyCallBudget budget;
    private final MeterRegistry meters;

    Placement(CallerIds callerIds, DailyCallBudget budget, MeterRegistry meters) {
        this.callerIds = callerIds;
        this.budget = budget;
        this.meters = meters;
    }

    /**
     * The call as it is to be placed: from its country's caller id when its message named no source. A country
     * without one takes the default; with neither (the settings changed since intake) the source stored at intake.
     */
    ClaimedMessage fromCallerId(ClaimedMessage m) {
        if (m.sourceGiven()) {
            return m;
        }
        String own = callerIds.forDestination(m.destination());
        return own == null || own.equals(m.source()) ? m : m.from(own);
    }

    /** One call of the client's budget for the call's country; null when today's are used up. */
    DailyCallBudget.Permit take(ClaimedMessage m) {
        return budget.take(m.clientName(), country(m));
    }

    /** A permit whose call was not placed after all. */
    void giveBack(DailyCallBudget.Permit permit) {
        if (permit != null) {
            budget.giveBack(permit);
        }
    }

    /** When a call held back by its daily budget may be tried again. */
    static Instant refillAt(Instant now) {
        return DailyCallBudget.refillAt(now);
    }

    /** A callflow 8x8 created, or may have: a call someone may pay for. */
    void placed(ClaimedMessage m) {
        Counter.builder("voice_gateway.calls.placed")
                .description("Calls placed (8x8 created the callflow, or may have), by client and destination country")
                .tag("client", String.valueOf(m.clientName()))
                .tag("country", country(m))
                .register(meters)
                .increment();
    }

    /** A call held back until the next UTC day by the client's max-calls-per-day. */
    void heldBack(ClaimedMessage m) {
        Counter.builder("voice_gateway.calls.held_back")
                .description("Calls held back until the next UTC day by the client's max-calls-per-day, by client and"
                        + " destination country")
                .tag("client", String.valueOf(m.clientName()))
                .tag("country", country(m))
                .register(meters)
                .increment();
    }

    private static String country(ClaimedMessage m) {
        PhoneNumbers.Country country = PhoneNumbers.country(m.destination());
        return country == null ? "unknown" : country.key();
    }
}
