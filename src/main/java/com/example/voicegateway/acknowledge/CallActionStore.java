package com.example.voicegateway.acknowledge;

import com.example.voicegateway.message.Acknowledgements;
import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.retention.LateDeliveries;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a call action event, has the ledger apply its key ({@link Acknowledgements}) and returns what the answer
 * needs, in one transaction of two statements (the ledger's move, then the event row), while 8x8 holds the caller on
 * the line.
 *
 * <p>The ledger locks the message row before it reads it, so of two deliveries of one event at the same moment the
 * second waits, sees the call {@code ACKNOWLEDGED} and is recorded as a duplicate.
 */
@Repository
class CallActionStore {

    enum Outcome { ACKNOWLEDGED, DUPLICATE, NOT_ACKNOWLEDGED, CONFLICT, UNMATCHED, IGNORED, OPTED_OUT }

    /**
     * What was stored, and what the answer to 8x8 says: {@code thanks} is null for a plain hangup. {@code erased}:
     * the message's personal data was erased before the event came.
     */
    record Decision(long id, Outcome outcome, UUID messageId, Integer callNumber, String thanks, String voiceProfile,
            BigDecimal speed, CallKind kind, CallStatus callStatusBefore, boolean messageMoved, boolean erased) {
    }

    private static final String INSERT = """
            INSERT INTO call_action_event (received_at, raw, raw_text, event_type, event_id, session_id, call_id,
                                           dtmf, message_id, call_number, answer, outcome)
            VALUES (CAST(:now AS timestamptz), CAST(:raw AS jsonb), CAST(:rawText AS text), CAST(:eventType AS text),
                    CAST(:eventId AS text), CAST(:sessionId AS text), CAST(:callId AS text), CAST(:dtmf AS text),
                    CAST(:messageId AS uuid), CAST(:callNumber AS smallint), :answer, :outcome)
            RETURNING id
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Acknowledgements acknowledgements;
    private final LateDeliveries late;

    CallActionStore(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions,
            Acknowledgements acknowledgements, LateDeliveries late) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.acknowledgements = acknowledgements;
        this.late = late;
    }

    /**
     * Stores the delivery (as JSON when {@code rawJson} is given, else as {@code rawText}) and applies it.
     */
    Decision record(CallActionEvent event, String rawJson, String rawText, Instant now) {
        // Only a key report may move anything; any other delivery is still matched to its call, and stored.
        String digit = event.isCallAction() ? event.dtmf() : null;
        // The sender's status callback, when the message moved, commits with the move and the stored key.
        return transactions.execute(tx -> {
            Decision decision = acknowledgements.acknowledge(event.sessionId(), digit, now,
                    press -> insert(event, rawJson, rawText, press, now));
            if (decision.erased()) {
                late.callActionStored(decision.id(), now);
            }
            return decision;
        });
    }

    private Decision insert(CallActionEvent event, String rawJson, String rawText, Acknowledgements.KeyPress press,
            Instant now) {
        Outcome outcome = outcome(event.isCallAction(), press);
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("now", now.atOffset(ZoneOffset.UTC))
                .addValue("raw", rawJson)
                .addValue("rawText", rawJson == null ? rawText : null)
                .addValue("eventType", event.eventType())
                .addValue("eventId", event.eventId())
                .addValue("sessionId", event.sessionId())
                .addValue("callId", event.callId())
                .addValue("dtmf", event.dtmf())
                .addValue("messageId", press.messageId())
                .addValue("callNumber", press.callNumber())
                .addValue("answer", press.thanks() != null ? "THANKS" : "HANGUP")
                .addValue("outcome", outcome.name());
        long id = jdbc.queryForObject(INSERT, params, Long.class);
        return new Decision(id, outcome, press.messageId(), press.callNumber(), press.thanks(), press.voiceProfile(),
                press.speed(), press.kind(), press.callStatusBefore(), press.messageMoved(), press.erased());
    }

    /** What the event did: the answer depends on the key alone, the moves on the state machines. */
    static Outcome outcome(boolean callAction, Acknowledgements.KeyPress press) {
        if (!callAction) {
            return Outcome.IGNORED;
        }
        if (!press.matched()) {
            return Outcome.UNMATCHED;
        }
        if (press.erased() || !press.expectsKey()) {
            return Outcome.IGNORED;
        }
        if (press.optOutKey()) {
            // Every report of it, a repeat included: the number is on the list, and the answer is the confirmation.
            return Outcome.OPTED_OUT;
        }
        if (!press.acknowledgeAsked()) {
            // Only the opt-out key was asked for: any other key, or none, does nothing.
            return Outcome.IGNORED;
        }
        if (!press.rightKey()) {
            return Outcome.NOT_ACKNOWLEDGED;
        }
        if (press.callStatusBefore().canMoveTo(CallStatus.ACKNOWLEDGED)) {
            return Outcome.ACKNOWLEDGED;
        }
        return press.callStatusBefore() == CallStatus.ACKNOWLEDGED ? Outcome.DUPLICATE : Outcome.CONFLICT;
    }
}
