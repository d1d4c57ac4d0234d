package com.example.voicegateway.auth;

/**
 * Who is calling, as proven by their {@code X-API-Key}.
 *
 * @param name   the client's configured name; stored on each message it sends
 * @param client may send messages and see its own
 * @param ops    may read every message and use the admin endpoints
 */
public record Caller(String name, boolean client, boolean ops) {

    /** An ops key holder acting through another channel than {@code X-API-Key} (the console). */
    public static Caller operator(String name) {
        return new Caller(name, false, true);
    }

    public boolean canSee(String messageClientName) {
        return ops || name.equals(messageClientName);
    }

    public void requireClient() {
        if (!client) {
            throw new ForbiddenException("Key '" + name + "' is an ops key: only client keys (gateway.api-keys) send messages.");
        }
    }

    public void requireOps() {
        if (!ops) {
            throw new ForbiddenException("This endpoint needs an ops key (gateway.ops-api-keys).");
        }
    }
}
