package com.example.voicegateway.message;

/**
 * The database took the message but did not confirm the commit in time: it may or may not be stored. Only a retry
 * with the same Idempotency-Key is safe then, so the answer must not claim that nothing was stored.
 */
public class IntakeOutcomeUnknownException extends RuntimeException {

    public IntakeOutcomeUnknownException() {
        super("the database did not confirm in time whether the message was stored");
    }
}
