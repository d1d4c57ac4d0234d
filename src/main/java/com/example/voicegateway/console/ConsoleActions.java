package com.example.voicegateway.console;

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

    ConsoleActions(MessageDirectory messages) {
        this.messages = messages;
    }

    void cancel(UUID id, String operator) {
        messages.cancel(id, operator);
        log.info("Console: {} canceled message {}", operator, id);
    }
}
