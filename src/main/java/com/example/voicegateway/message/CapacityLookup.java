package com.example.voicegateway.message;

import java.time.Instant;

/**
 * Whether the dispatchers, all instances together, are holding due messages back because 8x8's shared call rate or
 * {@code max-concurrent-calls} is used up: a due, queued message then shows {@code waitingFor: RATE_LIMIT}.
 * Implemented by the dispatch feature, which knows; the message feature only shows it.
 */
public interface CapacityLookup {

    boolean heldBackAt(Instant now);
}
