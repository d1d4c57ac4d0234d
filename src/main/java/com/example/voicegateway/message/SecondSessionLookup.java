package com.example.voicegateway.message;

import java.util.UUID;

/**
 * Whether 8x8 was ever seen placing a second session for a call. Implemented by the webhook feature, which stores
 * the summaries that show it; settling a call asks, because a -2010 from one session proves nothing about another.
 */
public interface SecondSessionLookup {

    boolean hadSecondSession(UUID messageId, int callNumber);
}
