package com.example.voicegateway.callback;

import com.example.voicegateway.support.IntegrationTest;
import org.springframework.test.context.TestPropertySource;

/**
 * Callbacks over HTTP with WireMock as the receiver and a tiny retry schedule for hours (the first try and three
 * retries). The callback test classes share this configuration, so one context; each client plays one operator's
 * choice of hosts.
 */
@TestPropertySource(properties = {
        // alpha allows loopback by its literal address (a receiver on this machine) and any host of example.com.
        "gateway.clients.alpha.callback-hosts=127.0.0.1, *.example.com",
        "gateway.clients.alpha.callback-secret=" + CallbackIntegrationTest.SECRET,
        // named lists names only: localhost is a name, and it resolves to loopback.
        "gateway.api-keys.named=" + CallbackIntegrationTest.NAMED_KEY,
        "gateway.clients.named.callback-hosts=localhost, *.example.com",
        "gateway.clients.named.callback-secret=" + CallbackIntegrationTest.SECRET,
        // loopback's operator allows loopback explicitly, by name and by address, as for local runs.
        "gateway.api-keys.loopback=" + CallbackIntegrationTest.LOOPBACK_KEY,
        "gateway.clients.loopback.callback-hosts=localhost, 127.0.0.1",
        "gateway.clients.loopback.callback-secret=" + CallbackIntegrationTest.SECRET,
        "gateway.callbacks.allow-http=true",
        // Generous: on a loaded machine a cold receiver can be slow, and a timeout is (rightly) a retry.
        "gateway.callbacks.timeout=10s",
        "gateway.callbacks.retry-schedule=50ms, 50ms, 50ms",
        "gateway.callbacks.poll-interval=50ms"})
abstract class CallbackIntegrationTest extends IntegrationTest {

    static final String SECRET = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final String NAMED_KEY = "named-key";
    static final String LOOPBACK_KEY = "loopback-key";
}
