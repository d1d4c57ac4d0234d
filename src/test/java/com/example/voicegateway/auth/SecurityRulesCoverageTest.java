package com.example.voicegateway.auth;

import com.example.voicegateway.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** {@link SecurityRulesCoverage} with the {@code sandbox} profile. */
class SecurityRulesCoverageTest extends IntegrationTest implements SecurityRulesCoverage {

    @Autowired
    ApplicationContext context;

    @Override
    public ApplicationContext context() {
        return context;
    }
}
