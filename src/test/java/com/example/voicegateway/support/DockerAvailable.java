package com.example.voicegateway.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;

/**
 * Whether Testcontainers can use a Docker engine, asked once per run and never for long. Its own probe has no limit:
 * it waits on a socket that accepts but never answers (a wedged or half-started dockerd), and inside a container
 * (a {@code /.dockerenv}) it first runs an alpine container to find the host, retrying a failed pull for two minutes
 * where no registry is reachable. Either would stall the first Spring context instead of falling back.
 */
final class DockerAvailable {

    /** An engine that is up answers in milliseconds; a loaded machine gets generous room. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    enum Outcome {
        ANSWERED("a Docker engine answered"),
        NONE("no Docker engine found"),
        TOO_SLOW("Testcontainers got no answer from Docker within " + PATIENCE.toSeconds() + " s (inside a container"
                + " it first runs alpine to find the host: TESTCONTAINERS_HOST_OVERRIDE=localhost skips that)");

        final String description;

        Outcome(String description) {
            this.description = description;
        }
    }

    private static volatile Outcome outcome;

    private DockerAvailable() {
    }

    static Outcome probe() {
        if (outcome == null) {
            synchronized (DockerAvailable.class) {
                if (outcome == null) {
                    outcome = within(PATIENCE, () -> DockerClientFactory.instance().isDockerAvailable());
                }
            }
        }
        return outcome;
    }

    /** The probe's answer; one that throws counts as none, one that has not answered in time is left to die. */
    static Outcome within(Duration patience, BooleanSupplier probe) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                answer.complete(probe.getAsBoolean());
            } catch (RuntimeException | Error e) {
                answer.complete(false);
            }
        }, "docker-probe");
        thread.setDaemon(true);
        thread.start();
        try {
            return answer.get(patience.toMillis(), TimeUnit.MILLISECONDS) ? Outcome.ANSWERED : Outcome.NONE;
        } catch (TimeoutException e) {
            return Outcome.TOO_SLOW;
        } catch (ExecutionException e) {
            return Outcome.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.NONE;
        }
    }
}
