package com.example.voicegateway.message.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * A validated {@code acknowledge}, defaults applied, as stored and shown. {@code thanks} is null when nothing is to
 * be said after the right key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Acknowledge(String digit, String prompt, String thanks, @JsonIgnore int timeoutMs, int tries) {

    /** Shown as the ISO-8601 duration it was given as. */
    @JsonProperty("timeout")
    public String timeout() {
        return Duration.ofMillis(timeoutMs).toString();
    }
}
