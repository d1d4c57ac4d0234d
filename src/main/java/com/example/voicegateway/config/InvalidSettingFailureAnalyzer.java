package com.example.voicegateway.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Without this, a bad setting surfaces as several screens of nested binding exceptions; an operator needs the one
 * line that names the setting.
 */
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the setting (see the README's Configuration section) and start again.", cause);
    }
}
