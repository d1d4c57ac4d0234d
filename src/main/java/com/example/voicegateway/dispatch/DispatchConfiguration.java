package com.example.voicegateway.dispatch;

import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.CallRetries;
import com.example.voicegateway.message.DueQueue;
import com.example.voicegateway.message.Outbox;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker itself runs only where {@code gateway.dispatch.enabled} (default true). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "gateway.dispatch.enabled", matchIfMissing = true)
class DispatchConfiguration {

    @Bean
    Dispatcher dispatcher(Outbox outbox, DueQueue queue, EightByEightClient client, EightByEightResilience resilience,
            EightByEightHealth health, DispatchMetrics metrics, ApplicationEventPublisher events,
            DispatchProperties settings, CallRetries retry, EightByEightProperties eightByEight, Clock clock,
            ClaimGate gate, Placement placement) {
        return new Dispatcher(outbox, queue, client, resilience, health, metrics, events, settings, retry,
                eightByEight, clock, leaseOwner(), gate, placement);
    }

    @Bean
    QueueNotifications queueNotifications(DataSource dataSource, Dispatcher dispatcher) {
        return new QueueNotifications(dataSource, dispatcher);
    }

    /** Names the instance in lease_owner, so ops can tell which one held a message. */
    private static String leaseOwner() {
        String host = System.getenv("HOSTNAME");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return (host == null || host.isBlank() ? "gateway" : host) + "-" + suffix;
    }
}
