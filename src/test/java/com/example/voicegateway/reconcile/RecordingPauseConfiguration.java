package com.example.voicegateway.reconcile;

import com.example.voicegateway.support.MovableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The export poller's waits move the test clock on, and are recorded, instead of taking time. */
@TestConfiguration(proxyBeanMethods = false)
public class RecordingPauseConfiguration {

    @Bean
    @Primary
    RecordingPause recordingPause(MovableClock clock) {
        return new RecordingPause(clock);
    }

    static class RecordingPause implements Pause {
        final List<Duration> pauses = new CopyOnWriteArrayList<>();
        private final MovableClock clock;
        volatile Runnable during = () -> { };

        RecordingPause(MovableClock clock) {
            this.clock = clock;
        }

        @Override
        public void pause(Duration duration) {
            pauses.add(duration);
            clock.advance(duration);
            during.run();
        }
    }
}
