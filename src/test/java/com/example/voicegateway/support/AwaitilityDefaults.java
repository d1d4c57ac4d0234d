package com.example.voicegateway.support;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Every {@code await()} of the run checks its condition at once, then every 10 ms, where Awaitility's defaults wait
 * 100 ms before the first check and between checks: a wait for something already true costs nothing, and one for
 * something about to happen costs at most 10 ms more than the thing itself. A wait that names its own poll interval
 * keeps it (after an immediate first check).
 */
public class AwaitilityDefaults implements LauncherSessionListener {

    static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(POLL_INTERVAL);
    }
}
