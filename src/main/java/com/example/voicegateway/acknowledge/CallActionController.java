package com.example.voicegateway.acknowledge;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.web.NulRule;
import com.example.voicegateway.webhook.WebhookGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * 8x8's Voice Call Action (VCA) webhook: reports the key pressed at our {@code sayAndCapture}, and takes our answer
 * as the rest of the call. Authenticated like the session summary webhook. Once authenticated, every delivery is
 * answered 200 with a callflow that ends the call, whatever it holds and whatever fails here: a person must never
 * be left on a silent line. The one exception is an id or key holding NUL: no session of ours has such an id, so
 * no one is on the line for it, and it is bad input (400), never a failure to store.
 */
@RestController
@Tag(name = "8x8 webhooks")
class CallActionController {

    static final String PATH = "/webhooks/8x8/voice-call-action";

    private static final Logger log = LoggerFactory.getLogger(CallActionController.class);

    private final WebhookGuard guard;
    private final CallActionStore store;
    private final Clock clock;
    private final String defaultVoiceProfile;
    private final Map<WebhookGuard.Verdict, Counter> rejected = new EnumMap<>(WebhookGuard.Verdict.class);
    private final Map<CallActionStore.Outcome, Counter> received = new EnumMap<>(CallActionStore.Outcome.class);
    private final Counter invalid;
    private final Counter notStored;
    private final MeterRegistry meters;
    private final Timer thanksLatency;
    private final Timer hangupLatency;
    private final CallActionReader reader;
    private final CallActionAnswers answers;

    CallActionController(WebhookGuard guard, CallActionStore store, Clock clock, EightByEightProperties eightByEight,
            MeterRegistry meters, CallActionReader reader, CallActionAnswers answers) {
        this.guard = guard;
        this.reader = reader;
        this.answers = answers;
        this.store = store;
        this.clock = clock;
        this.defaultVoiceProfile = eightByEight.defaultVoiceProfile();
        this.meters = meters;
        for (WebhookGuard.Verdict verdict : WebhookGuard.Verdict.values()) {
            if (verdict != WebhookGuard.Verdict.ALLOWED) {
                rejected.put(verdict, Counter.builder("voice_gateway.call_action.rejected")
                        .description("Call action deliveries refused before anything was stored")
                        .tag("reason", verdict.name().toLowerCase(Locale.ROOT))
                        .register(meters));
            }
        }
        for (CallActionStore.Outcome outcome : CallActionStore.Outcome.values()) {
            received.put(outcome, Counter.builder("voice_gateway.call_action.events")
                    .description("Call action events stored, by what they did to their message")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(meters));
        }
        invalid = Counter.builder("voice_gateway.call_action.rejected")
                .description("Call action deliveries refused before anything was stored")
                .tag("reason", "invalid_input")
                .register(meters);
        notStored = Counter.builder("voice_gateway.call_action.not_stored")
                .description("Call action events answered with hangup without being stored (database failure)")
                .register(meters);
        thanksLatency = answerTimer(meters, "thanks");
        hangupLatency = answerTimer(meters, "hangup");
    }

    @Operation(operationId = "receiveCallAction", summary = "8x8 Voice Call Action (VCA) webhook",
            description = "Authenticated by the exact Authorization value gateway.webhook.call-action-authorization"
                    + " (default: gateway.webhook.authorization). Answers 200 with the rest of the callflow: the"
                    + " thanks and hangup after the right key, hangup otherwise.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/EightByEightCallAction")))
    @ApiResponse(responseCode = "200", description = "The rest of the callflow, at once, whatever happened (a body"
            + " that cannot be read, or a database that fails, still ends the call with hangup)",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/Callflow")))
    @ApiResponse(responseCode = "400", description = "The body holds a NUL character",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> receive(HttpServletRequest request) {
        long started = System.nanoTime();
        WebhookGuard.Verdict verdict = guard.checkCallAction(request);
        if (verdict != WebhookGuard.Verdict.ALLOWED) {
            rejected.get(verdict).increment();
            log.warn("Refused a call action from {}: {}", guard.clientAddress(request), verdict);
            return WebhookGuard.refusal(request, verdict, "Call actions");
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (IOException e) {
            // Too large or cut off: nothing to read, and still a call to end.
            log.warn("Call action body could not be read ({}); answering hangup", e.getClass().getSimpleName());
            return answer(answers.hangup(), started);
        }
        JsonNode root = reader.parse(body);
        CallActionEvent event = reader.read(root);
        String withNul = event.fieldWithNul();
        if (withNul != null) {
            // Bad input, not an outage: nothing the database could store, and nothing for ops to be paged about.
            invalid.increment();
            log.warn("Refused a call action: {} holds NUL", withNul);
            throw NulRule.refused(withNul);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        CallActionStore.Decision decision = store(event, root == null ? null : new String(body, StandardCharsets.UTF_8),
                body, now);
        if (decision == null) {
            return answer(answers.hangup(), started);
        }
        received.get(decision.outcome()).increment();
        if (decision.outcome() == CallActionStore.Outcome.UNMATCHED || decision.outcome() == CallActionStore.Outcome.CONFLICT
                || decision.outcome() == CallActionStore.Outcome.IGNORED) {
            log.info("Call action {} (session {}, event {}) for message {}: {}", decision.id(), event.sessionId(),
                    event.eventId(), decision.messageId(), decision.outcome());
        }
        String voiceProfile = decision.voiceProfile() != null ? decision.voiceProfile() : defaultVoiceProfile;
        return answer(answers.thanks(decision.thanks(), voiceProfile, decision.speed()), started);
    }

    /** Stores the event; null when the database failed (then the call is ended without it). */
    private CallActionStore.Decision store(CallActionEvent event, String rawJson, byte[] body, Instant now) {
        try {
            try {
                return store.record(event, rawJson, rawJson == null ? text(body) : null, now);
            } catch (DataAccessException e) {
                if (rawJson == null || !isBadData(e)) {
                    throw e;
                }
                // JSON that jsonb refuses (a \u0000 escape): kept as text instead, still answered.
                return store.record(event, null, text(body), now);
            }
        } catch (DataAccessException e) {
            notStored.increment();
            // The session and key, so ops can reconcile by hand; the class only, a driver message can quote values.
            log.error("Call action (session {}, event {}, key {}) NOT stored, answered hangup: {}", event.sessionId(),
                    event.eventId(), event.dtmf(), e.getClass().getSimpleName());
            return null;
        }
    }

    private ResponseEntity<byte[]> answer(byte[] callflow, long started) {
        (answers.isHangup(callflow) ? hangupLatency : thanksLatency)
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(callflow);
    }

    /** The body as text PostgreSQL can keep: NUL is the one character it refuses. */
    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).replace('\0', '\uFFFD');
    }

    private static boolean isBadData(DataAccessException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState().startsWith("22") || sql.getSQLState().equals("54000");
            }
        }
        return false;
    }

    private static Timer answerTimer(MeterRegistry meters, String answer) {
        return Timer.builder("voice_gateway.call_action.latency")
                .description("From the call action's arrival to our answer, stored and decided")
                .tag("answer", answer)
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }
}
