package com.example.voicegateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.TestSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The lease is derived from 8x8's timeouts (4 call timeouts); a claim's in-process retry (Resilience4j, its attempts
 * and waits in application.yml) must end within it, or a slow but live call would be declared lost while a POST of
 * it is still under way.
 */
class LeaseTest {

    private static final String RETRY = "resilience4j.retry.instances.eightByEight.";

    @Test
    void theLeaseOutlastsEveryInProcessTryOfAClaim() throws IOException {
        PropertySource<?> shipped = new YamlPropertySourceLoader()
                .load("application", new ClassPathResource("application.yml")).get(0);
        int attempts = Integer.parseInt(String.valueOf(shipped.getProperty(RETRY + "max-attempts")));
        Duration wait = DurationStyle.detectAndParse(String.valueOf(shipped.getProperty(RETRY + "wait-duration")));

        for (Map<String, String> timeouts : new Map[] {
                Map.of(),
                // drills/run's drill 1, and DispatchTestBase
                Map.of("gateway.eightbyeight.connect-timeout", "1s", "gateway.eightbyeight.read-timeout", "3s"),
                Map.of("gateway.eightbyeight.connect-timeout", "500ms", "gateway.eightbyeight.read-timeout", "2s")}) {
            EightByEightProperties eightByEight = TestSettings.bind(EightByEightProperties.class, timeouts);
            Duration worstCase = eightByEight.callTimeout().multipliedBy(attempts)
                    .plus(wait.multipliedBy(attempts - 1));
            assertThat(eightByEight.lease()).as("lease with %s", timeouts).isGreaterThan(worstCase);
        }
    }
}
