package com.example.voicegateway.message.internal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A validated {@code optOut}, as stored and shown: the key, the sentence spoken after the message (the client's or
 * the gateway's for the message's language, the key in it) and what is said after the key (null: nothing).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OptOut(String digit, String prompt, String confirmation) {
}
