package com.example.voicegateway.callback;

/** A callback event's delivery: PENDING until a 2xx (DELIVERED) or until it is given up (FAILED). */
enum CallbackStatus {
    PENDING,
    DELIVERED,
    FAILED
}
