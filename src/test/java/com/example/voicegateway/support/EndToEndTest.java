package com.example.voicegateway.support;

import com.example.voicegateway.reconcile.RecordingPauseConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A message's whole way over real HTTP: intake, the dispatcher, the sandbox's 8x8 emulator (at a hundredth of a
 * call's real length), our webhooks, the callbacks and reconciliation against the emulator's log export. Every
 * end-to-end class shares this one configuration.
 *
 * <p>Its dispatcher and callback worker run while an end-to-end class does: Spring's test framework stops a cached
 * context's workers while a class of another context runs, so they never send another class's rows.
 */
@TestPropertySource(properties = {
        "gateway.dispatch.enabled=true",
        "gateway.sandbox.time-scale=0.01",
        "gateway.redial.min-interval=100ms",
        // Callbacks to receivers on this machine, retried at once: loopback listed explicitly (a name alone may not
        // reach an internal address).
        "gateway.clients.alpha.callback-hosts=localhost, 127.0.0.1",
        "gateway.clients.alpha.callback-secret=whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "gateway.callbacks.allow-http=true",
        "gateway.callbacks.retry-schedule=50ms",
        "gateway.callbacks.poll-interval=50ms",
        // Reconciliation against the emulator's log export, run by the test.
        "gateway.reconcile.enabled=true",
        "gateway.eightbyeight.read-timeout=1s",
        "gateway.dispatch.poll-interval=200ms"})
@Import(RecordingPauseConfiguration.class)
public abstract class EndToEndTest extends IntegrationTest {
}
