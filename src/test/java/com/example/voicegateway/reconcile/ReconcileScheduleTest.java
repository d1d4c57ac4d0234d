package com.example.voicegateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Ops' "run now", without a server. */
class ReconcileScheduleTest {

    @Test
    void runNowIsQueuedForNowByTheSchedulersOwnClock() {
        Instant schedulersNow = Instant.parse("2026-12-01T10:00:00Z");
        List<Instant> asked = new ArrayList<>();
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler() {
            @Override
            public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
                asked.add(startTime);
                return null;
            }
        };
        scheduler.setClock(Clock.fixed(schedulersNow, ZoneOffset.UTC));

        assertThat(new ReconcileSchedule(null, scheduler).requestNow()).isTrue();

        assertThat(asked).containsExactly(schedulersNow);
    }
}
