package com.example.voicegateway.message;

/** The message could not be stored right now; nothing was accepted and the client may retry. */
public class IntakeUnavailableException extends RuntimeException {

    public IntakeUnavailableException(String message) {
        super(message);
    }
}
