package com.example.voicegateway.auth;

import com.example.voicegateway.support.WithoutSandbox;

/** The same coverage without the {@code sandbox} profile: no sandbox endpoint, no sandbox rule, nothing uncovered. */
@WithoutSandbox
class SecurityRulesCoverageWithoutSandboxTest extends SecurityRulesCoverageTest {
}
