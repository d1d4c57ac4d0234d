package com.example.voicegateway.message;

/**
 * Decides where a message's status callbacks go. Implemented by the callback feature, which owns the rules; intake
 * only stores the answer with the message.
 */
public interface CallbackTargets {

    /**
     * @param clientName   the sending client
     * @param requestedUrl the request's {@code callbackUrl}, or null
     * @return the URL to call (the requested one, else the client's default, else null), or the rule it broke
     */
    Target resolve(String clientName, String requestedUrl);

    /** Exactly one of {@code url} and {@code problem} is set, or neither when there are no callbacks. */
    record Target(String url, String problem) {

        public static Target none() {
            return new Target(null, null);
        }

        public static Target of(String url) {
            return new Target(url, null);
        }

        public static Target refused(String problem) {
            return new Target(null, problem);
        }
    }
}
