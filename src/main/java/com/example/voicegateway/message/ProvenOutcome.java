package com.example.voicegateway.message;

import com.example.voicegateway.message.internal.CallPlanner;
import java.util.UUID;

/**
 * A call outcome proven by 8x8 (its session summary, or its log export), as far as settling a call goes. The call
 * is found by {@code clientRequestId} ({@code <message id>} is call 1, {@code <message id>:<n>} call n), else by
 * {@code sessionId}. {@code outcome} is null when the proof settles nothing (a status we do not map).
 */
public record ProvenOutcome(String sessionId, String clientRequestId, CallStatus outcome, Integer errorCode) {

    /** An outcome proven for a call we know, without a summary of its own (8x8's log export). */
    public static ProvenOutcome forCall(UUID messageId, int callNumber, String sessionId, CallStatus outcome) {
        return new ProvenOutcome(sessionId, CallPlanner.clientRequestId(messageId, callNumber), outcome, null);
    }
}
