package com.example.voicegateway.web;

/** One rule a request broke, as listed in a 400 problem's {@code errors}. */
public record FieldViolation(String field, String message) {
}
