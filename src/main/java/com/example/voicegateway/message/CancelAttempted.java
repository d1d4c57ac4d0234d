package com.example.voicegateway.message;

import java.util.UUID;

/**
 * Published for every cancel a key asks for, so features that care (the audit trail of ops cancels) can follow
 * without {@code message} knowing them. A successful cancel is published inside its transaction: a listener's
 * writes commit or roll back with it.
 *
 * @param byOps    the key is an ops key, which may cancel any client's message
 * @param canceled the message is now CANCELED; otherwise {@code detail} says why not
 */
public record CancelAttempted(UUID messageId, String actor, boolean byOps, boolean canceled, String detail) {
}
