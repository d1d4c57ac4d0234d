package com.example.voicegateway.message;

import java.util.UUID;

/** No message with that id, or none the caller may see: both answer 404 so ids of others do not leak. */
public class MessageNotFoundException extends RuntimeException {

    public MessageNotFoundException(UUID id) {
        super("No voice message with id " + id + ".");
    }
}
