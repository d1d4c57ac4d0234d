package com.example.voicegateway.support;

import com.example.voicegateway.reconcile.RecordingPauseConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A message's whole way over real HTTP: intake, the dispatcher, the sandbox's 8x8 emulator (at a hundredth of a
 * call's real length), our webhooks, the callbacks and reconciliation against the emulator's log export. Every end-to-end class shares this one configuration.
 *
 * <p>The context outlives each class in the test context cache, so its workers run only while an end-to-end class
 * does: the dispatcher and the callback worker are started before each test and stopped after the class, and never
 * send the rows of another class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
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
        // Reconciliation against the emulator's log export, run by the test (its schedules are cancelled below).
        "gateway.reconcile.enabled=true",
        "gateway.eightbyeight.read-timeout=1s",
        "gateway.dispatch.poll-interval=200ms"})
@Import(RecordingPauseConfiguration.class)
public abstract class EndToEndTest extends IntegrationTest {

    private static final String[] WORKERS = {"dispatcher", "callbackWorker"};

    @Autowired
    private ApplicationContext context;

    @BeforeAll
    void noScheduledReconciliation() {
        // Reconciliation moves the shared clock while it waits for an export: only a test that asks may run it.
        ScheduledJobs.cancel(context, "reconcileSchedule", "lastResortSweep");
    }

    @BeforeEach
    void startWorkers() {
        for (String name : WORKERS) {
            SmartLifecycle worker = context.getBean(name, SmartLifecycle.class);
            if (!worker.isRunning()) {
                worker.start();
            }
        }
    }

    @AfterAll
    void stopWorkers() {
        for (String name : WORKERS) {
            context.getBean(name, SmartLifecycle.class).stop();
        }
    }
}
