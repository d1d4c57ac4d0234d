package com.example.voicegateway.sandbox;

import com.example.voicegateway.config.EightByEightProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.stereotype.Component;

/** 8x8's API authentication: {@code Authorization: Bearer <api key>}, the key being the gateway's own setting. */
@Component
@SandboxEnabled
class EmulatorAuthentication {

    private final EightByEightProperties properties;

    EmulatorAuthentication(EightByEightProperties properties) {
        this.properties = properties;
    }

    boolean accepts(String authorization) {
        String apiKey = properties.apiKey();
        if (authorization == null || apiKey == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, apiKey.getBytes(StandardCharsets.UTF_8));
    }
}
