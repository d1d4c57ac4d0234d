package com.example.voicegateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An instance with retention off has no sweeper, so it never takes the shared {@code retention-sweep} lock: were it
 * to take it on schedule and return, an instance with retention on would skip the run the first one won.
 */
class RetentionSweeperConditionTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(RetentionSweeper.class);

    @Test
    void retentionOffMeansNoSweeperAndSoNoLock() {
        runner.withPropertyValues("gateway.retention.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RetentionSweeper.class));
    }

    @Test
    void retentionOnOrUnsetWantsTheSweeper() {
        // Nothing else is in this context: the sweeper is wanted, and fails for want of its store.
        for (String enabled : new String[] {"gateway.retention.enabled=true", "unrelated=x"}) {
            runner.withPropertyValues(enabled).run(context -> assertThat(context).hasFailed()
                    .getFailure().hasRootCauseInstanceOf(
                            org.springframework.beans.factory.NoSuchBeanDefinitionException.class)
                    .rootCause().hasMessageContaining("RetentionStore"));
        }
    }
}
