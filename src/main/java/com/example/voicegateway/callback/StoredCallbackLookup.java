package com.example.voicegateway.callback;

import com.example.voicegateway.message.CallbackLookup;
import com.example.voicegateway.message.CallbackView;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

@Component
class StoredCallbackLookup implements CallbackLookup {

    private final CallbackStore store;

    StoredCallbackLookup(CallbackStore store) {
        this.store = store;
    }

    @Override
    public List<CallbackView> findCallbacks(UUID messageId) {
        return store.findByMessage(messageId).stream().map(CallbackViews::of).toList();
    }
}
