package com.example.voicegateway;

import sun.misc.Signal;

/**
 * Under {@code ./mvnw spring-boot:run} only (the pom sets {@value #PROPERTY}): SIGTERM ends the process with that exit
 * code after the same graceful shutdown, instead of the JVM's 143. On Ctrl-C Maven gives the application it forked
 * 5 s to stop, then sends SIGTERM (at once when only Maven got the SIGINT, as from an IDE's stop button), and reports
 * any exit code but 0 or 130 as {@code BUILD FAILURE ... exit code 143}: a clean stop read as a broken build. A jar or
 * container keeps the JVM's own handling.
 */
final class TermSignalExit {

    static final String PROPERTY = "voice-gateway.sigterm-exit-code";

    private TermSignalExit() {
    }

    static void installIfAsked() {
        String code = System.getProperty(PROPERTY);
        if (code == null || code.isBlank()) {
            return;
        }
        int status = Integer.parseInt(code.trim());
        // System.exit runs the shutdown hooks, Spring's graceful shutdown among them, exactly as the JVM's own
        // SIGTERM handler would; during a shutdown already under way (Ctrl-C reached both processes) it only waits.
        Signal.handle(new Signal("TERM"), signal -> System.exit(status));
    }
}
