package com.example.voicegateway.auth;

/** A known key asking for something its role does not allow: 403, not 401. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
