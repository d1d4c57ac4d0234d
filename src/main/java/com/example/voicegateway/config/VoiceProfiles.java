package com.example.voicegateway.config;

import java.util.List;

/**
 * 8x8's text-to-speech voice profiles as this project knows them: the codes seen in 8x8's docs and its
 * speech-profiles example (voice-api-notes §1). Kept here, shared, so the sandbox's emulator serves the same list
 * the template module checks a template's voice against. Fetching 8x8's own list
 * ({@code GET /api/v1/subaccounts/{id}/speech-profiles}) at start is not done yet: a profile 8x8 added since is
 * added here.
 */
public final class VoiceProfiles {

    public static final List<String> KNOWN = List.of("en-US-Neural2-C", "en-IE-EmilyNeural", "en-GB-Emma",
            "en-US-ZiraRUS", "en-US-BenjaminRUS", "en-US-Standard-A", "da-DK-Naja");

    private VoiceProfiles() {
    }

    public static boolean known(String code) {
        return KNOWN.contains(code);
    }
}
