package com.example.voicegateway.sandbox;

import com.example.voicegateway.config.EightByEightJson;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.OptOutProperties;
import com.example.voicegateway.phone.PhoneNumbers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays out accepted calls: rings, speaks, hangs up, then posts the session summary to the registered VSS webhook
 * like 8x8 does, retrying a few times when the webhook is down. A callflow ending in {@code sayAndCapture} plays its
 * prompt, posts the key (see {@link Keypresses}) to the registered VCA webhook, speaks what the answer says and then
 * hangs up. Times are realistic durations scaled by
 * {@code gateway.sandbox.time-scale}; the summary's timestamps are the scaled, real ones.
 */
@Component
@SandboxEnabled
class CallSimulator implements SmartLifecycle {

    static final int POST_ATTEMPTS = 5;
    /** Scheduled hang-ups and summary posts at most; beyond it "8x8" is overwhelmed and refuses new calls. */
    static final int MAX_PENDING = 20_000;
    private static final Logger log = LoggerFactory.getLogger(CallSimulator.class);
    private static final int THREADS = 4;
    private static final int REMEMBERED_MESSAGES = 100_000;

    private final EightByEightProperties eightByEight;
    private final SandboxProperties sandbox;
    private final OptOutProperties optOut;
    private final WebhookRegistry webhooks;
    private final CallActions callActions;
    private final CallLog callLog;
    private final Clock clock;
    // The emulator speaks 8x8's JSON: the same mapper the gateway reads it with, not the API's strict one.
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile ScheduledThreadPoolExecutor executor;
    private final AtomicInteger onTheLine = new AtomicInteger();
    private final Map<String, Integer> callsPerDestination = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED_MESSAGES;
        }
    };
    private volatile boolean running;

    CallSimulator(EightByEightProperties eightByEight, SandboxProperties sandbox, WebhookRegistry webhooks,
            CallLog callLog, Clock clock, @EightByEightJson JsonMapper json, OptOutProperties optOut) {
        this.optOut = optOut;
        this.callLog = callLog;
        this.eightByEight = eightByEight;
        this.sandbox = sandbox;
        this.json = json;
        this.webhooks = webhooks;
        this.callActions = new CallActions(http, json);
        this.clock = clock;
        this.executor = newExecutor();
    }

    private static ScheduledThreadPoolExecutor newExecutor() {
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "sandbox-call-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(THREADS, threads);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /**
     * How many calls (this one included) the message behind {@code request} has made to its destination: the
     * message is the clientRequestId up to its ":n" suffix. Kept for the most recent messages only.
     */
    private int callsTo(CallflowRules.Accepted request) {
        String clientRequestId = request.clientRequestId();
        if (clientRequestId == null) {
            return 1;
        }
        int colon = clientRequestId.indexOf(':');
        String key = (colon < 0 ? clientRequestId : clientRequestId.substring(0, colon)) + " " + request.destination();
        synchronized (callsPerDestination) {
            return callsPerDestination.merge(key, 1, Integer::sum);
        }
    }

    boolean overloaded() {
        return executor.getQueue().size() >= MAX_PENDING;
    }

    /** Starts the simulated call and returns how it will end. */
    Outcome place(CallflowRules.Accepted request, String sessionId, Instant receivedAt) {
        return place(request, sessionId, receivedAt, false);
    }

    /** As {@link #place(CallflowRules.Accepted, String, Instant)}; {@code dropSummary}: the summary is never posted. */
    Outcome place(CallflowRules.Accepted request, String sessionId, Instant receivedAt, boolean dropSummary) {
        int callToDestination = callsTo(request);
        Outcome outcome = Outcome.forCall(request.destination(), callToDestination);
        double scale = sandbox.timeScale();
        boolean overCapacity = onTheLine.incrementAndGet() > SandboxProperties.MAX_CONCURRENT_CALLS;
        long ringMs = overCapacity ? 0 : Math.round(outcome.ringSeconds * 1000 * scale);
        long speakMs = !overCapacity && outcome.answered ? Math.round((request.speakingSeconds() + 1) * 1000 * scale) : 0;
        String callId = UUID.randomUUID().toString();
        log.info("Sandbox call {} to {} (clientRequestId {}) will end {} in {} ms", sessionId,
                PhoneNumbers.mask(request.destination()), request.clientRequestId(),
                overCapacity ? "ERROR -2010" : outcome, ringMs + speakMs);
        boolean captures = !overCapacity && outcome.answered && request.capture() != null;
        try {
            executor.schedule(captures
                            ? () -> capture(request, sessionId, callId, receivedAt, ringMs, callToDestination, dropSummary)
                            : () -> hangUp(request, sessionId, callId, outcome, overCapacity, receivedAt, ringMs,
                                    request.lastAction(), dropSummary),
                    ringMs + speakMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            onTheLine.decrementAndGet();
            log.warn("Sandbox is shutting down: call {} gets no session summary", sessionId);
        }
        return overCapacity ? Outcome.ERROR : outcome;
    }

    /** The message has been played: the prompt, the person's key (or the timeouts), then the VCA webhook. */
    private void capture(CallflowRules.Accepted request, String sessionId, String callId, Instant initiated,
            long ringMs, int callToDestination, boolean dropSummary) {
        CallflowRules.Capture capture = request.capture();
        String key = Keypresses.keyFor(request.destination(), capture.promptMessage(), callToDestination, optOut);
        double seconds = key != null ? capture.promptSeconds() + 2
                : capture.noOfTries() * (capture.promptSeconds() + capture.overallTimeoutMs() / 1000.0);
        long captureMs = Math.round(seconds * 1000 * sandbox.timeScale());
        schedule(() -> reportKey(request, sessionId, callId, initiated, ringMs, key, dropSummary), captureMs, sessionId);
    }

    private void reportKey(CallflowRules.Accepted request, String sessionId, String callId, Instant initiated,
            long ringMs, String key, boolean dropSummary) {
        CallActions.Answer answer = CallActions.Answer.NONE;
        var vca = webhooks.active("VCA");
        if (vca.isEmpty()) {
            log.warn("Sandbox call {}: no VCA webhook registered any more; the call ends", sessionId);
        } else {
            try {
                answer = callActions.post(vca.get(), CallActions.event(sessionId, callId,
                        eightByEight.subaccountId(), request, key, clock.instant()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            log.info("Sandbox call {} pressed {}; the answer {}", sessionId, key == null ? "nothing" : "a key",
                    !answer.understood() ? "was unusable: hanging up" : answer.thanks() == null ? "hangs up"
                            : "says thanks, then hangs up");
        }
        long thanksMs = answer.thanks() == null ? 0 : Math.round(
                CallflowRules.speakingSeconds(answer.thanks(), answer.thanksSpeed()) * 1000 * sandbox.timeScale());
        String lastAction = answer.understood() ? "HANGUP" : "SAY_AND_CAPTURE";
        schedule(() -> hangUp(request, sessionId, callId, Outcome.COMPLETED, false, initiated, ringMs, lastAction,
                dropSummary),
                thanksMs, sessionId);
    }

    private void schedule(Runnable task, long delayMs, String sessionId) {
        try {
            executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            onTheLine.decrementAndGet();
            log.warn("Sandbox is shutting down: call {} gets no session summary", sessionId);
        }
    }

    private void hangUp(CallflowRules.Accepted request, String sessionId, String callId, Outcome outcome,
            boolean overCapacity, Instant initiated, long ringMs, String completedLastAction, boolean dropSummary) {
        // The hang-up time first: once the call is off the line, a test may move the clock on.
        Instant now = clock.instant();
        onTheLine.decrementAndGet();
        Instant connected = !overCapacity && outcome.answered ? initiated.plusMillis(ringMs) : null;
        Instant disconnected = connected != null && now.isBefore(connected) ? connected : now;
        SessionSummaries.Call call;
        if (overCapacity) {
            call = new SessionSummaries.Call(sessionId, eightByEight.subaccountId(), callId, request,
                    "ERROR", "ERROR", "MAKE_CALL", initiated, null, disconnected, -2010,
                    "The trunk capacity has been exceeded");
        } else {
            call = switch (outcome) {
                case COMPLETED -> call(request, sessionId, callId, "COMPLETED", completedLastAction, initiated,
                        connected, disconnected, null, null);
                case ERROR -> call(request, sessionId, callId, "ERROR", "MAKE_CALL", initiated, null, disconnected,
                        -2004, "No coverage available for requested area");
                default -> call(request, sessionId, callId, outcome.name(), "MAKE_CALL", initiated, null,
                        disconnected, null, null);
            };
        }
        callLog.add(new CallLog.Call(sessionId, callId, request.source(), request.destination(), initiated, connected,
                disconnected, call.sessionStatus(), call.legStatus()));
        if (dropSummary) {
            log.warn("Sandbox fault: the session summary of call {} is dropped", sessionId);
            return;
        }
        byte[] body = json.writeValueAsBytes(SessionSummaries.summary(call));
        post(sessionId, request.clientRequestId(), body, 1);
    }

    private SessionSummaries.Call call(CallflowRules.Accepted request, String sessionId, String callId, String status,
            String lastAction, Instant initiated, Instant connected, Instant disconnected, Integer errorCode,
            String errorMessage) {
        return new SessionSummaries.Call(sessionId, eightByEight.subaccountId(), callId, request, status,
                status, lastAction, initiated, connected, disconnected, errorCode, errorMessage);
    }

    private void post(String sessionId, String clientRequestId, byte[] body, int attempt) {
        var vss = webhooks.active("VSS");
        if (vss.isEmpty()) {
            log.warn("Sandbox call {} ended, but no VSS webhook is registered: no session summary", sessionId);
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(vss.get().url()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String authorization = vss.get().httpAuthHeader();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        String failure;
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                log.info("Sandbox posted the session summary of call {} (clientRequestId {}): HTTP {}", sessionId,
                        clientRequestId, response.statusCode());
                return;
            }
            failure = "HTTP " + response.statusCode();
        } catch (IOException e) {
            failure = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (attempt >= POST_ATTEMPTS || !running) {
            log.warn("Sandbox gave up posting the session summary of call {} after {} attempts: {}", sessionId,
                    attempt, failure);
            return;
        }
        long delaySeconds = 1L << (attempt - 1);
        log.warn("Sandbox could not post the session summary of call {} ({}); retry {} in {} s", sessionId, failure,
                attempt, delaySeconds);
        try {
            executor.schedule(() -> post(sessionId, clientRequestId, body, attempt + 1), delaySeconds,
                    TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            log.warn("Sandbox is shutting down: the session summary of call {} is dropped", sessionId);
        }
    }

    Map<String, Object> state() {
        return Map.of("callsOnTheLine", Math.max(0, onTheLine.get()), "pendingTasks", executor.getQueue().size());
    }

    @Override
    public synchronized void start() {
        // A stopped context can be started again (Spring's test framework pauses the contexts it caches): the
        // threads that stop() shut down are made anew.
        if (executor.isShutdown()) {
            executor = newExecutor();
        }
        running = true;
    }

    /** Runs before the web server stops (highest phase): pending calls end here, like a carrier outage. */
    @Override
    public synchronized void stop() {
        running = false;
        int pending = executor.shutdownNow().size();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Sandbox call threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pending > 0) {
            log.info("Sandbox stopped with {} simulated calls or summary posts pending; they are dropped", pending);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
