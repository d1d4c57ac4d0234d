package com.example.voicegateway.message;

/** Why a call exists; the metrics count calls by it. */
public enum CallKind {
    /** Call 1 to the destination, or placing it again after 8x8 proved it was never placed. */
    FIRST,
    /** Another call to the destination after a proven outcome listed in {@code redial.on}. */
    REDIAL,
    /** A fallback number's call, after the calls to the destination were used up. */
    FALLBACK
}
