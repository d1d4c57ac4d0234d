package com.example.voicegateway.auth;

/**
 * Who is calling, as proven by their {@code X-API-Key}. Which paths a role may use is decided in one place,
 * {@code SecurityConfiguration}; a controller takes the caller as a parameter only to know whose data to show.
 *
 * @param name   the key's configured name; a client's is stored on each message it sends
 * @param client may send messages and see its own
 * @param ops    may read and cancel every message and use the admin endpoints
 */
public record Caller(String name, boolean client, boolean ops) {

    /** An ops key holder acting through another channel than {@code X-API-Key} (the console). */
    public static Caller operator(String name) {
        return new Caller(name, false, true);
    }

    public boolean canSee(String messageClientName) {
        return ops || name.equals(messageClientName);
    }

}
