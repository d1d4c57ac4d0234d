package com.example.voicegateway.config;

import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Spring's {@code @Scheduled} for the periodic jobs, and ShedLock so that a job shared by every instance on the
 * database (a sweep over all rows, reconciliation) runs on one instance at a time. The locks are rows of
 * {@code shedlock} (migration V16_1) stamped with the database's time, so neither the instances' clocks nor a test's
 * moved {@code Clock} decide when a lock ends.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
class SchedulingConfiguration {

    /**
     * One thread per job (seven {@code @Scheduled} jobs and ops' "run now" reconciliation, with one to spare), so a long
     * reconciliation (it waits for 8x8's export) never holds back the lease sweep or the quota give-back, which must
     * run within the last second of each minute. Boot's default is a single thread.
     */
    static final int SCHEDULER_THREADS = 9;

    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build());
    }

    @Bean
    ThreadPoolTaskSchedulerCustomizer schedulerThreads() {
        return scheduler -> scheduler.setPoolSize(SCHEDULER_THREADS);
    }
}
