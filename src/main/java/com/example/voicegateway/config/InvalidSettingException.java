package com.example.voicegateway.config;

/**
 * A missing or contradictory {@code gateway.*} setting found while binding. Its message is the whole story in one line
 * (which setting, why, how to fix), printed as such by {@link InvalidSettingFailureAnalyzer}.
 */
public class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
