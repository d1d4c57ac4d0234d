package com.example.voicegateway.broadcast.internal;

import com.example.voicegateway.auth.Caller;
import com.example.voicegateway.broadcast.BroadcastDirectory;
import com.example.voicegateway.web.PageQuery;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The directory answers with the API's own views, so it lives beside the service that builds them. */
@Component
class ServiceBroadcastDirectory implements BroadcastDirectory {

    private final BroadcastService service;
    private final BroadcastStore store;
    private final JsonMapper json;

    ServiceBroadcastDirectory(BroadcastService service, BroadcastStore store, JsonMapper json) {
        this.service = service;
        this.store = store;
        this.json = json;
    }

    @Override
    public Optional<JsonNode> find(UUID id) {
        return store.find(id).map(broadcast -> json.valueToTree(service.view(broadcast)));
    }

    @Override
    public JsonNode list(int page, int size) {
        return json.valueToTree(service.list(Caller.operator("console"), new PageQuery(page, size)));
    }

    @Override
    public JsonNode cancel(UUID id, String operator) {
        return json.valueToTree(service.cancel(id, Caller.operator(operator)));
    }
}
