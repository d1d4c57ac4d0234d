package com.example.voicegateway.message;

import static com.example.voicegateway.config.JdbcTime.instant;

import com.example.voicegateway.schedule.CallSchedule;
import com.example.voicegateway.schedule.DeliveryWindow;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.util.UUID;

/**
 * A message a dispatcher holds the lease on, with the call it is to place, as the claim left it:
 * {@code version} guards the outcome write, {@code attempts} already counts the POST about to be made (within the
 * call's attempt budget), {@code destination} and {@code clientRequestId} are the call's. {@code schedule} says when
 * a call may start (sendAt, delivery window, validUntil). {@code suppressedBy}: the call's number is on a do-not-call
 * list (found by the claim), so nothing may be posted: {@link CallSuppression} ends the call. {@code source} is the
 * message's; when the message named none ({@code sourceGiven} false) the dispatcher places the call from the caller id
 * of the call's destination country.
 */
public record ClaimedMessage(
        UUID id,
        long version,
        int attempts,
        int callNumber,
        CallKind kind,
        String clientRequestId,
        String destination,
        String source,
        String text,
        String audioUrl,
        String voiceProfile,
        int repetition,
        BigDecimal speed,
        Instant validUntil,
        Instant leaseUntil,
        Capture capture,
        CallSchedule schedule,
        SuppressionList suppressedBy,
        String clientName,
        boolean sourceGiven) {

    /**
     * A key asked for after the message ("press 1 to confirm", "press 9 to stop", or both in one prompt); null when
     * the message asks for none.
     */
    public record Capture(String prompt, int timeoutMs, int tries) {
    }

    /**
     * How long the opt-out sentence alone waits for its key, once: the person is not asked to do anything, so the
     * call is not held long (with {@code acknowledge} the acknowledgement's timeout and tries apply to both keys).
     */
    public static final int OPT_OUT_ONLY_TIMEOUT_MS = 5_000;
    public static final int OPT_OUT_ONLY_TRIES = 1;

    /** A claim of a message that asks for no acknowledgement and may be called at any hour before validUntil. */
    public ClaimedMessage(UUID id, long version, int attempts, int callNumber, CallKind kind, String clientRequestId,
            String destination, String source, String text, String audioUrl, String voiceProfile, int repetition,
            BigDecimal speed, Instant validUntil, Instant leaseUntil) {
        this(id, version, attempts, callNumber, kind, clientRequestId, destination, source, text, audioUrl,
                voiceProfile, repetition, speed, validUntil, leaseUntil, null);
    }

    /** A claim of a message that may be called at any hour before validUntil. */
    public ClaimedMessage(UUID id, long version, int attempts, int callNumber, CallKind kind, String clientRequestId,
            String destination, String source, String text, String audioUrl, String voiceProfile, int repetition,
            BigDecimal speed, Instant validUntil, Instant leaseUntil, Capture capture) {
        this(id, version, attempts, callNumber, kind, clientRequestId, destination, source, text, audioUrl,
                voiceProfile, repetition, speed, validUntil, leaseUntil, capture,
                new CallSchedule(null, null, validUntil));
    }

    /** A claim of a message of no particular client that named its source, not suppressed. */
    public ClaimedMessage(UUID id, long version, int attempts, int callNumber, CallKind kind, String clientRequestId,
            String destination, String source, String text, String audioUrl, String voiceProfile, int repetition,
            BigDecimal speed, Instant validUntil, Instant leaseUntil, Capture capture, CallSchedule schedule) {
        this(id, version, attempts, callNumber, kind, clientRequestId, destination, source, text, audioUrl,
                voiceProfile, repetition, speed, validUntil, leaseUntil, capture, schedule, null, null, true);
    }

    /** One row of {@link Outbox}'s claim statement, which returns the call with its message's request and schedule. */
    static ClaimedMessage of(ResultSet rs) throws SQLException {
        Instant validUntil = instant(rs, "valid_until");
        return new ClaimedMessage(rs.getObject("id", UUID.class), rs.getLong("version"), rs.getInt("attempts"),
                rs.getInt("call_number"), CallKind.valueOf(rs.getString("kind")), rs.getString("client_request_id"),
                rs.getString("destination"), rs.getString("source"), rs.getString("text"), rs.getString("audio_url"),
                rs.getString("voice_profile"), rs.getInt("repetition"), rs.getBigDecimal("speed"), validUntil,
                instant(rs, "lease_until"), capture(rs.getString("ack_prompt"), rs.getInt("ack_timeout_ms"),
                        rs.getInt("ack_tries"), rs.getString("opt_out_prompt")),
                new CallSchedule(instant(rs, "send_at"), window(rs), validUntil),
                rs.getString("suppressed_by") == null ? null : SuppressionList.valueOf(rs.getString("suppressed_by")),
                rs.getString("client_name"), rs.getBoolean("source_given"));
    }

    /**
     * One capture for both keys: the acknowledge prompt, then the opt-out sentence (spoken last, so "press 1 to
     * confirm" comes first), with the acknowledgement's timeout and tries; the opt-out sentence alone waits
     * {@value #OPT_OUT_ONLY_TIMEOUT_MS} ms, once.
     */
    static Capture capture(String ackPrompt, int ackTimeoutMs, int ackTries, String optOutPrompt) {
        if (ackPrompt == null) {
            return optOutPrompt == null ? null
                    : new Capture(optOutPrompt, OPT_OUT_ONLY_TIMEOUT_MS, OPT_OUT_ONLY_TRIES);
        }
        return new Capture(optOutPrompt == null ? ackPrompt : ackPrompt + " " + optOutPrompt, ackTimeoutMs, ackTries);
    }

    private static DeliveryWindow window(ResultSet rs) throws SQLException {
        if (rs.getString("window_from") == null) {
            return null;
        }
        return DeliveryWindow.parse(rs.getObject("window_from", LocalTime.class),
                rs.getObject("window_to", LocalTime.class), rs.getString("window_days"), rs.getString("window_zone"));
    }

    /** The same claim after a write of ours bumped the row's version (the POST-start mark). */
    ClaimedMessage withVersion(long newVersion) {
        return new ClaimedMessage(id, newVersion, attempts, callNumber, kind, clientRequestId, destination, source, text,
                audioUrl, voiceProfile, repetition, speed, validUntil, leaseUntil, capture, schedule, suppressedBy,
                clientName, sourceGiven);
    }

    /** The same call as 8x8 must not start it after {@code callValidUntil} (a window's close). */
    public ClaimedMessage until(Instant callValidUntil) {
        return new ClaimedMessage(id, version, attempts, callNumber, kind, clientRequestId, destination, source, text,
                audioUrl, voiceProfile, repetition, speed, callValidUntil, leaseUntil, capture, schedule, suppressedBy,
                clientName, sourceGiven);
    }

    /** The same call placed from {@code callerId}. */
    public ClaimedMessage from(String callerId) {
        return new ClaimedMessage(id, version, attempts, callNumber, kind, clientRequestId, destination, callerId,
                text, audioUrl, voiceProfile, repetition, speed, validUntil, leaseUntil, capture, schedule, suppressedBy,
                clientName, sourceGiven);
    }
}
