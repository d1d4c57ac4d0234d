package com.example.voicegateway.callback;

import com.example.voicegateway.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Callbacks over HTTP with WireMock as the receiver, in the integration tests' one context: its settings are the
 * suite's ({@code src/test/resources/application.properties}), where a tiny retry schedule stands in for hours (the
 * first try and three retries) and each client with callback hosts plays one operator's choice of them (literal,
 * named, loopback; alpha and the others list none). A test may stop the context's worker; it runs again after every
 * test, as the other tests of the context expect.
 */
abstract class CallbackIntegrationTest extends IntegrationTest {

    /** Allows loopback by its literal address (a receiver on this machine) and any host of example.com. */
    static final String LITERAL = "literal";
    static final String LITERAL_KEY = "literal-key";
    /** Lists names only: localhost is a name, and it resolves to loopback. */
    static final String NAMED_KEY = "named-key";
    /** Allows loopback explicitly, by name and by address, as for local runs. */
    static final String LOOPBACK_KEY = "loopback-key";

    @Autowired
    CallbackWorker worker;

    @AfterEach
    void workerRunsAgain() {
        if (!worker.isRunning()) {
            worker.start();
        }
    }
}
