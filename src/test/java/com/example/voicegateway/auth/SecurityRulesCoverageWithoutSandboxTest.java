package com.example.voicegateway.auth;

import com.example.voicegateway.support.LiveIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** {@link SecurityRulesCoverage} without the {@code sandbox} profile: no sandbox endpoint, no sandbox rule. */
class SecurityRulesCoverageWithoutSandboxTest extends LiveIntegrationTest implements SecurityRulesCoverage {

    @Autowired
    ApplicationContext context;

    @Override
    public ApplicationContext context() {
        return context;
    }
}
