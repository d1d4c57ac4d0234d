package com.example.voicegateway.config;

import java.net.URI;

/**
 * Where 8x8 is, asked at every request: {@code gateway.eightbyeight.base-url} when set, otherwise the sandbox's own
 * emulator on this server's port (known only once the web server has started).
 */
public interface EightByEightBaseUrl {

    URI get();
}
