package com.example.voicegateway.schedule;

import java.time.Instant;

/**
 * When one message's calls may start: not before {@code sendAt}, only inside the delivery window, and never at or
 * after {@code validUntil}. Pure: dispatch asks it before every POST and for every later attempt (retry, redial,
 * fallback, rate-limit wait), so all of them obey the same rule.
 *
 * @param sendAt     earliest start; null: any time
 * @param window     local hours; null: any hour
 * @param validUntil the message's own validUntil
 */
public record CallSchedule(Instant sendAt, DeliveryWindow window, Instant validUntil) {

    public CallSchedule {
        if (validUntil == null) {
            throw new IllegalArgumentException("validUntil is required");
        }
    }

    /** The answer for one call. */
    public sealed interface Verdict permits Go, Wait, Never {
    }

    /** Start the call now; tell 8x8 not to start it after {@code validUntil} (the window's close, if earlier). */
    public record Go(Instant validUntil) implements Verdict {
    }

    /** Not now: at {@code until}, for {@code reason}. */
    public record Wait(Instant until, WaitingFor reason) implements Verdict {
    }

    /** Not before validUntil: the message must end, {@code why} saying so. */
    public record Never(String why) implements Verdict {
    }

    /** Whether a call may start at {@code now}. */
    public Verdict callAt(Instant now) {
        if (!now.isBefore(validUntil)) {
            return new Never("validUntil " + validUntil + " passed before the call could start");
        }
        if (sendAt != null && now.isBefore(sendAt)) {
            return later(sendAt, WaitingFor.SEND_AT);
        }
        if (window == null) {
            return new Go(validUntil);
        }
        return window.closingAfter(now)
                .<Verdict>map(close -> new Go(close.isBefore(validUntil) ? close : validUntil))
                .orElseGet(() -> later(now, WaitingFor.DELIVERY_WINDOW));
    }

    /**
     * Where an attempt that would like to start at {@code wanted} (for {@code reason}) may go: the same instant if
     * the window is open then, else the window's next opening; {@link Never} when that is not before validUntil.
     */
    public Verdict later(Instant wanted, WaitingFor reason) {
        Instant at = sendAt != null && sendAt.isAfter(wanted) ? sendAt : wanted;
        WaitingFor why = at.equals(wanted) ? reason : WaitingFor.SEND_AT;
        if (window != null) {
            var opening = window.nextOpening(at);
            if (opening.isEmpty() || !opening.get().start().isBefore(validUntil)) {
                return new Never("validUntil " + validUntil + " passes before the delivery window (" + window
                        + ") opens again" + opening.map(o -> " at " + o.start()).orElse(""));
            }
            if (opening.get().start().isAfter(at)) {
                return new Wait(opening.get().start(), WaitingFor.DELIVERY_WINDOW);
            }
        }
        if (!at.isBefore(validUntil)) {
            return new Never("validUntil " + validUntil + " passes before the next attempt (" + at + ")");
        }
        return new Wait(at, why);
    }
}
