package com.example.voicegateway.config;

/** Dispatcher settings ({@code gateway.dispatch.*}); filled in by the dispatch feature. */
public record DispatchProperties() {
}
