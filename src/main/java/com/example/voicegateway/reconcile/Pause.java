package com.example.voicegateway.reconcile;

import java.time.Duration;

/** How the reconciler waits between polls of an export job; tests move a clock instead of waiting. */
@FunctionalInterface
interface Pause {

    void pause(Duration duration) throws InterruptedException;
}
