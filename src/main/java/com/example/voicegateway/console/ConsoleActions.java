package com.example.voicegateway.console;

import com.example.voicegateway.broadcast.BroadcastDirectory;
import com.example.voicegateway.callback.CallbackRedelivery;
import com.example.voicegateway.message.MessageDirectory;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** What an operator can change from the console; each action is audited like the same action over the API. */
@Component
class ConsoleActions {

    private static final Logger log = LoggerFactory.getLogger(ConsoleActions.class);

    private final MessageDirectory messages;
    private final CallbackRedelivery callbacks;
    private final BroadcastDirectory broadcasts;

    ConsoleActions(MessageDirectory messages, CallbackRedelivery callbacks, BroadcastDirectory broadcasts) {
        this.messages = messages;
        this.callbacks = callbacks;
        this.broadcasts = broadcasts;
    }

    CallbackRedelivery.Result redeliverCallback(UUID id, String operator) {
        return callbacks.redeliver(id, operator);
    }

    void cancel(UUID id, String operator) {
        // Audited by the message feature, like a cancel over the API by the same ops key.
        messages.cancel(id, operator);
        log.info("Console: {} canceled message {}", operator, id);
    }

    /** Returns how many queued messages it canceled. */
    int cancelBroadcast(UUID id, String operator) {
        // Audited by the broadcast feature, like a cancel over the API by the same ops key.
        int canceled = broadcasts.cancel(id, operator).path("canceled").asInt();
        log.info("Console: {} canceled broadcast {} ({} queued messages)", operator, id, canceled);
        return canceled;
    }
}
