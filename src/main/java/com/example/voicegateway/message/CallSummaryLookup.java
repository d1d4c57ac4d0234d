package com.example.voicegateway.message;

import java.util.Map;
import java.util.UUID;

/**
 * The calls' session summaries for the message view. Implemented by the webhook feature, which stores and parses
 * them; the message feature shows a call's summary, when there is one, as its {@code summary}.
 */
public interface CallSummaryLookup {

    /** Per call number, the summary to show: the one applied to the call, else the first one matched to it. */
    Map<Integer, CallSummaryView> findSummaries(UUID messageId);
}
