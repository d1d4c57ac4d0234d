package com.example.voicegateway.message.internal;

import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.message.MessageDirectory;
import com.example.voicegateway.message.MessageNotFoundException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The directory answers with the client API's own view, so it lives beside the service that builds it. */
@Component
class ServiceMessageDirectory implements MessageDirectory {

    private final VoiceMessageService service;
    private final JsonMapper json;

    ServiceMessageDirectory(VoiceMessageService service, JsonMapper json) {
        this.service = service;
        this.json = json;
    }

    @Override
    public Optional<JsonNode> find(UUID id) {
        try {
            return Optional.of(json.valueToTree(service.find(id, Caller.operator("console"))));
        } catch (MessageNotFoundException absent) {
            return Optional.empty();
        }
    }

    @Override
    public JsonNode cancel(UUID id, String operator) {
        return json.valueToTree(service.cancel(id, Caller.operator(operator)));
    }
}
