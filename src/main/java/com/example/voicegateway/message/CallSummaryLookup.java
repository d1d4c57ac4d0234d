package com.example.voicegateway.message;

import java.util.Optional;
import java.util.UUID;

/**
 * The call's session summary for the message view. Implemented by the webhook feature; the message feature
 * only knows that a summary, when there is one, is shown as {@code summary}.
 */
public interface CallSummaryLookup {

    Optional<?> findSummary(UUID messageId);
}
