package com.example.voicegateway.message;

import java.util.UUID;

/**
 * Published by dispatch after it has committed 8x8's {@code sessionId} on a message, so a session summary that
 * arrived before that (and could only be matched by sessionId) is linked without waiting for a sweep.
 */
public record SessionRecorded(UUID messageId, String sessionId) {
}
