package com.example.voicegateway.config;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The Spring profile that runs the built-in 8x8 emulator. A profile rather than a setting, so that a production
 * deployment cannot get the sandbox by forgetting one: without the profile none of its beans, endpoints or security
 * rules exist, and the start demands real 8x8 settings ({@link LiveSettings}).
 */
public final class SandboxProfile {

    public static final String NAME = "sandbox";

    /** The switch the profile replaced; still read, so that {@code false} beside the profile stops the start. */
    static final String LEGACY_SWITCH = "gateway.sandbox.enabled";

    private SandboxProfile() {
    }

    public static boolean isActive(Environment environment) {
        return environment.acceptsProfiles(Profiles.of(NAME));
    }
}
