package com.example.voicegateway.webhook;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.web.NulRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * 8x8's Voice Session Summary webhook. Not behind X-API-Key: 8x8 authenticates with the webhook's static
 * {@code Authorization} value instead. Every authenticated delivery is stored before the 200.
 */
@RestController
@Tag(name = "8x8 webhooks")
class SessionSummaryController {

    static final String PATH = "/webhooks/8x8/voice-session-summary";

    private static final Logger log = LoggerFactory.getLogger(SessionSummaryController.class);

    record Received(long id, SummaryStore.Outcome outcome, UUID messageId) {
    }

    private final WebhookGuard guard;
    private final SummaryStore store;
    private final Clock clock;
    private final SummaryReader reader;
    private final Map<WebhookGuard.Verdict, Counter> rejected = new EnumMap<>(WebhookGuard.Verdict.class);
    private final Map<SummaryStore.Outcome, Counter> received = new EnumMap<>(SummaryStore.Outcome.class);
    private final Counter malformed;

    SessionSummaryController(WebhookGuard guard, SummaryStore store, Clock clock, MeterRegistry meters,
            SummaryReader reader) {
        this.guard = guard;
        this.reader = reader;
        this.store = store;
        this.clock = clock;
        for (WebhookGuard.Verdict verdict : WebhookGuard.Verdict.values()) {
            if (verdict != WebhookGuard.Verdict.ALLOWED) {
                rejected.put(verdict, Counter.builder("voice_gateway.webhook.rejected")
                        .description("Session summary deliveries refused before anything was stored")
                        .tag("reason", verdict.name().toLowerCase(java.util.Locale.ROOT))
                        .register(meters));
            }
        }
        for (SummaryStore.Outcome outcome : SummaryStore.Outcome.values()) {
            received.put(outcome, Counter.builder("voice_gateway.webhook.summaries")
                    .description("Session summaries stored, by what they did to their message")
                    .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .register(meters));
        }
        malformed = Counter.builder("voice_gateway.webhook.malformed")
                .description("Authenticated deliveries whose body was not a JSON object")
                .register(meters);
    }

    @Operation(operationId = "receiveSessionSummary", summary = "8x8 Voice Session Summary (VSS) webhook",
            description = "Authenticated by the exact Authorization value configured as gateway.webhook.authorization"
                    + " (8x8's httpAuthHeader). 200 once stored; duplicates are 200 with no second effect.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/EightByEightSessionSummary")))
    @ApiResponse(responseCode = "200", description = "Stored (outcome says what it did to its message; a duplicate"
            + " has no second effect)")
    @ApiResponse(responseCode = "400", description = "The body is not a JSON object, or holds what cannot be stored",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping(PATH)
    ResponseEntity<Received> receive(HttpServletRequest request) {
        WebhookGuard.Verdict verdict = guard.check(request);
        if (verdict != WebhookGuard.Verdict.ALLOWED) {
            rejected.get(verdict).increment();
            log.warn("Refused a session summary from {}: {}", guard.clientAddress(request), verdict);
            throw WebhookRejectedException.refused(verdict);
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (IOException e) {
            // The body limit filter stops an oversized body while it is read.
            throw WebhookRejectedException.tooLarge(e.getMessage());
        }
        JsonNode root;
        try {
            root = reader.parse(body);
        } catch (SummaryReader.NotJsonException e) {
            malformed.increment();
            log.warn("Session summary is not JSON ({} bytes): {}", body.length, e.getMessage());
            throw WebhookRejectedException.badBody("The body is not valid JSON: " + e.getMessage());
        }
        if (!root.isObject()) {
            malformed.increment();
            log.warn("Session summary is JSON but not an object ({} bytes)", body.length);
            throw WebhookRejectedException.badBody("The body must be a JSON object.");
        }
        String withNul = NulRule.firstNulPath(root);
        if (withNul != null) {
            // jsonb cannot hold it: refused as bad input before the database sees it, naming where it is.
            malformed.increment();
            log.warn("Session summary refused: {} holds NUL", withNul);
            throw NulRule.refused(withNul);
        }
        String raw = new String(body, StandardCharsets.UTF_8);
        java.time.Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        SessionSummary summary;
        CallStatus mapped;
        try {
            summary = reader.read(root);
            mapped = summary.isSessionSummaryEvent()
                    ? SummaryStatus.toCallStatus(summary.sessionStatus(), summary.errorCode()) : null;
        } catch (RuntimeException e) {
            // The reader is meant to be total; should it still fail, the delivery is stored as received anyway.
            // Only the exception's type is logged: its message could quote the payload (phone numbers).
            summary = null;
            mapped = null;
            log.warn("Session summary could not be read ({} bytes, {}); stored as IGNORED", body.length,
                    e.getClass().getName());
        }
        SummaryStore.Stored stored;
        try {
            stored = summary == null ? store.storeUnread(raw, now) : store.store(raw, summary, mapped, now);
        } catch (DataAccessException e) {
            if (isBadData(e)) {
                // JSON that PostgreSQL's jsonb refuses, or a value over one of its limits: not storable as
                // received. The sender's fault, so a 400, never a 5xx that would invite retries.
                malformed.increment();
                log.warn("Session summary refused by the database (SQLState {})", sqlState(e));
                throw WebhookRejectedException.badBody(
                        "The body is JSON the gateway cannot store (for example a \\u0000 escape).");
            }
            throw e;
        }
        // Committed: what follows cannot lose the summary.
        received.get(stored.outcome()).increment();
        if (stored.outcome() == SummaryStore.Outcome.SECOND_SESSION) {
            log.warn("Session summary {} names a call of message {} as its clientRequestId, but that call already has"
                    + " another session: 8x8 placed a second session for it", stored.id(), stored.messageId());
        } else if (stored.outcome() == SummaryStore.Outcome.CONFLICT
                || stored.outcome() == SummaryStore.Outcome.UNMATCHED) {
            log.info("Session summary {} (session {}, status {}) for message {}: {}", stored.id(),
                    SummaryStore.truncated(summary.sessionId()), SummaryStore.truncated(summary.sessionStatus()),
                    stored.messageId(), stored.outcome());
        } else if (log.isDebugEnabled() && summary != null) {
            log.debug("Session summary {} (session {}, status {}) for message {}: {}", stored.id(), summary.sessionId(),
                    summary.sessionStatus(), stored.messageId(), stored.outcome());
        }
        return ResponseEntity.ok(new Received(stored.id(), stored.outcome(), stored.messageId()));
    }

    /**
     * Data exceptions (class 22: a \u0000 in jsonb, a value out of range) and program limits (54000: an index entry
     * too large) come from what the body holds, not from the database's health: never a 503 or 500.
     */
    static boolean isBadData(DataAccessException e) {
        String state = sqlState(e);
        return state != null && (state.startsWith("22") || state.equals("54000"));
    }

    private static String sqlState(DataAccessException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
