package com.example.voicegateway.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

/** The built-in 8x8 emulator ({@code gateway.sandbox.*}); filled in by the sandbox feature. */
public record SandboxProperties(@DefaultValue("true") boolean enabled) {
}
