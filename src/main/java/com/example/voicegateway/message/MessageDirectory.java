package com.example.voicegateway.message;

import com.example.voicegateway.auth.Caller;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every message as ops see it, for features that show or forward a message's whole state (the console). The
 * answer is the JSON tree of {@code GET /voice-messages/{id}}, so whatever that view gains, readers see too.
 */
@Component
public class MessageDirectory {

    private final VoiceMessageService service;
    private final JsonMapper json;

    MessageDirectory(VoiceMessageService service, JsonMapper json) {
        this.service = service;
        this.json = json;
    }

    public Optional<JsonNode> find(UUID id) {
        try {
            return Optional.of(json.valueToTree(service.find(id, Caller.operator("console"))));
        } catch (MessageNotFoundException absent) {
            return Optional.empty();
        }
    }

    /**
     * Cancels on an operator's behalf, with the same rules as {@code POST /voice-messages/{id}/cancel}.
     *
     * @throws IllegalTransitionException when the message can no longer be canceled
     * @throws MessageNotFoundException   when there is no such message
     */
    public JsonNode cancel(UUID id, String operator) {
        return json.valueToTree(service.cancel(id, Caller.operator(operator)));
    }
}
