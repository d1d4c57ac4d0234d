package com.example.voicegateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.EvidenceTimes;
import com.example.voicegateway.config.TestSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.EmbeddedValueResolver;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.expression.StandardBeanExpressionResolver;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

/** Reconciliation's two waits: the live defaults, the sandbox's minute, and nothing longer than the defaults. */
class ReconcileSettingsTest {

    @Test
    void liveTheWaitsAreTheOnesTheUnknownOutcomeWindowCountsOn() {
        ReconcileProperties settings = TestSettings.bind(ReconcileProperties.class, Map.of());

        assertThat(settings.interval()).isEqualTo(EvidenceTimes.RECONCILE_INTERVAL).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.summaryGrace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(tickMillis(Map.of())).as("looks every minute").isEqualTo(60_000);
    }

    @Test
    void theSandboxReconcilesWithinAMinute() {
        Map<String, String> sandbox = sandboxFile();
        ReconcileProperties settings = TestSettings.bind(ReconcileProperties.class, sandbox);

        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.summaryGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(tickMillis(sandbox)).as("looks every interval").isEqualTo(10_000);
    }

    @Test
    void theWaitsMayBeShorterNeverLonger() {
        Map<String, String> settings = new HashMap<>();
        settings.put("gateway.reconcile.interval", "16m");
        settings.put("gateway.reconcile.summary-grace", "-1s");
        assertThat(TestSettings.problems(settings)).containsExactly(
                "gateway.reconcile.interval must not be longer than 15m: the unknown-outcome window (1h) counts on it",
                "gateway.reconcile.summary-grace must be between 0s and 15m");

        assertThat(TestSettings.problems(Map.of("gateway.reconcile.interval", "0s")))
                .containsExactly("gateway.reconcile.interval must be positive, was PT0S");
        assertThat(tickMillis(Map.of("gateway.reconcile.interval", "5m"))).isEqualTo(60_000);
    }

    /** The schedule's period as {@code @Scheduled} resolves it: placeholders from the settings, then SpEL. */
    private static long tickMillis(Map<String, String> settings) {
        MockEnvironment environment = new MockEnvironment();
        settings.forEach(environment::setProperty);
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.addEmbeddedValueResolver(environment::resolvePlaceholders);
        beans.setBeanExpressionResolver(new StandardBeanExpressionResolver());
        return Long.parseLong(new EmbeddedValueResolver(beans).resolveStringValue(ReconcileProperties.TICK_MILLIS));
    }

    private static Map<String, String> sandboxFile() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application-sandbox.yml"));
        Properties properties = yaml.getObject();
        Map<String, String> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return settings;
    }
}
