package com.example.voicegateway.message;

import java.util.List;
import java.util.UUID;

/** A message's callback deliveries for its view ({@code callbacks}); implemented by the callback feature. */
public interface CallbackLookup {

    List<CallbackView> findCallbacks(UUID messageId);
}
