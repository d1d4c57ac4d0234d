package com.example.voicegateway.schedule;

/** Claim order among due messages: every due HIGH before any NORMAL, every NORMAL before any LOW. */
public enum Priority {
    HIGH,
    NORMAL,
    LOW
}
