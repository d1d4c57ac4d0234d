package com.example.voicegateway.reconcile;

import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.EvidenceTimes;
import com.example.voicegateway.config.CallRetries;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/** The reconciler runs only where {@code gateway.reconcile.enabled} (default true). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "gateway.reconcile.enabled", matchIfMissing = true)
class ReconcileConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Pause reconcilePause() {
        return duration -> Thread.sleep(duration.toMillis());
    }

    @Bean
    SettlingRules settlingRules(EightByEightProperties eightByEight) {
        return new SettlingRules(new SettlingRules.Settings(EvidenceTimes.PROOF_DELAY,
                ReconcileProperties.MATCH_MARGIN, eightByEight.lease()));
    }

    @Bean
    Reconciler reconciler(ReconcileStore store, ExportLog exports, ReportingClient client, SettlingRules rules,
            ReconcileMetrics metrics, ApplicationEventPublisher events, Pause pause, LockProvider lockProvider,
            LockKeepAlive keepAlive, EightByEightProperties eightByEight, CallRetries retry,
            ReconcileProperties settings, Clock clock) {
        ExportJobs jobs = new ExportJobs(client, exports, pause, clock);
        // Another POST is worth it only if the call can still be sent and answered before validUntil.
        ExportProcessor.Budget budget = new ExportProcessor.Budget(retry.maxAttempts(),
                eightByEight.callTimeout());
        ExportProcessor processor = new ExportProcessor(jobs, client, exports, store, rules, metrics, events, budget,
                clock);
        return new Reconciler(store, exports, processor, rules,
                new DefaultLockingTaskExecutor(keepAlive.around(lockProvider)), settings.interval(),
                settings.summaryGrace(), clock, instanceName());
    }

    @Bean
    LockKeepAlive reconcileLockKeepAlive() {
        return new LockKeepAlive(Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "reconcile-lock-keep-alive");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /**
     * Extends the reconcile lock while a run lasts, every half of its lock-at-most-for (ShedLock's
     * {@link KeepAliveLockProvider}, on a thread of its own): a run that outlasts the bound, however long 8x8 takes,
     * never has a second instance start beside it, and a crashed holder's lock still ends after the bound. Not a
     * {@code ScheduledExecutorService} bean: Boot would then not configure its task scheduler.
     */
    static final class LockKeepAlive implements DisposableBean {

        private final ScheduledExecutorService executor;

        LockKeepAlive(ScheduledExecutorService executor) {
            this.executor = executor;
        }

        LockProvider around(LockProvider provider) {
            return provider instanceof ExtensibleLockProvider extensible
                    ? new KeepAliveLockProvider(extensible, executor) : provider;
        }

        @Override
        public void destroy() {
            executor.shutdownNow();
        }
    }

    @Bean
    ReconcileSchedule reconcileSchedule(Reconciler reconciler, TaskScheduler scheduler) {
        return new ReconcileSchedule(reconciler, scheduler);
    }

    /** Names the instance in reconcile_export, so ops can tell which one ran an export. */
    private static String instanceName() {
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? "gateway" : host) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
