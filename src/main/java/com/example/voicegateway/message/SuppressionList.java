package com.example.voicegateway.message;

/** Which do-not-call list a number was found on: the sending client's own, or the global one ops keep. */
public enum SuppressionList {
    CLIENT,
    GLOBAL
}
