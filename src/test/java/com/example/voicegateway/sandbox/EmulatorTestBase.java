package com.example.voicegateway.sandbox;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.example.voicegateway.support.IntegrationTest;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The emulator's own tests: 8x8's side of the sandbox over HTTP, with the webhooks it posts to captured by one
 * WireMock (the gateway's own webhooks are other tests'). The classes share this configuration, so one context.
 */
abstract class EmulatorTestBase extends IntegrationTest {

    static final String KEY = "sandbox-test-key";
    static final String WEBHOOK_AUTH = "Bearer test-webhook-secret";
    static final String CALLFLOWS = "/sandbox/8x8/api/v1/subaccounts/sandbox/callflows";
    /** Where the emulator posts session summaries ({@code /vss}) and, once registered, key presses. */
    static final WireMockServer HOOKS = new WireMockServer(options().dynamicPort());

    static {
        // Runs as long as the cached context that posts to it; the JVM's exit stops it.
        HOOKS.start();
    }

    @DynamicPropertySource
    static void sandboxSettings(DynamicPropertyRegistry registry) {
        registry.add("gateway.eightbyeight.api-key", () -> KEY);
        registry.add("gateway.webhook.authorization", () -> WEBHOOK_AUTH);
        registry.add("gateway.sandbox.webhook-url", () -> "http://localhost:" + HOOKS.port() + "/vss");
        registry.add("gateway.sandbox.time-scale", () -> "0.01");
        // A lost answer is held for read-timeout + 1 s; keep that short here.
        registry.add("gateway.eightbyeight.read-timeout", () -> "1s");
    }
}
