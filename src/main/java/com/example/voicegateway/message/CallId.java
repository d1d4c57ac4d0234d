package com.example.voicegateway.message;

import java.util.Objects;
import java.util.UUID;

/** A clientRequestId of ours: {@code <uuid>} is call 1, {@code <uuid>:<n>} call n (as {@code CallPlanner} makes them). */
record CallId(UUID messageId, int number) {

    /** The call a clientRequestId names, or null when it is not one of ours. */
    static CallId parse(String clientRequestId) {
        if (clientRequestId == null) {
            return null;
        }
        int colon = clientRequestId.indexOf(':');
        UUID id = asUuid(colon < 0 ? clientRequestId : clientRequestId.substring(0, colon));
        if (id == null) {
            return null;
        }
        if (colon < 0) {
            return new CallId(id, 1);
        }
        String number = clientRequestId.substring(colon + 1);
        if (!number.matches("[1-9][0-9]{0,3}")) {
            return null;
        }
        return Objects.equals(number, "1") ? null : new CallId(id, Integer.parseInt(number));
    }

    /** Our message ids are UUIDs; anything else (another system's id, a typo) cannot be ours. */
    private static UUID asUuid(String clientRequestId) {
        if (clientRequestId == null || clientRequestId.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(clientRequestId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
