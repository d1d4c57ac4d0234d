package com.example.voicegateway.message;

/** The message was not stored, and never will be from this request; the client may retry. */
public class IntakeUnavailableException extends RuntimeException {

    public IntakeUnavailableException(String message) {
        super(message);
    }
}
