package com.example.voicegateway.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One try at handing a message to 8x8, as ops see it.
 *
 * @param callNumber    the call this POST was for
 * @param attemptNumber the POST's number within its call (a call placed again after 8x8 never placed it continues
 *                      the count of the call it replaces)
 * @param outcome       what the gateway concluded, e.g. SUBMITTED, RETRY, REJECTED, UNKNOWN
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptView(
        int callNumber,
        int attemptNumber,
        Instant startedAt,
        Integer latencyMs,
        Integer httpStatus,
        Integer statusCode,
        String statusMessage,
        String outcome,
        String error) {
}
