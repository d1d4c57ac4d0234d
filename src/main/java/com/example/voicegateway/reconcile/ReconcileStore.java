package com.example.voicegateway.reconcile;

import static com.example.voicegateway.config.JdbcTime.ts;

import com.example.voicegateway.message.CallSettlement;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.ProvenOutcome;
import com.example.voicegateway.message.Reconciliation;
import com.example.voicegateway.message.Reconciliation.NeverPlaced;
import com.example.voicegateway.message.StatusGuards;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reconciliation's writes: each verdict's command on the ledger ({@link Reconciliation}), with the action row that
 * records it in the same transaction, flags and costs. Outcomes go through the ledger's {@link CallSettlement}, as a summary's
 * would, so a proven NO_ANSWER still leads to the redial the client asked for.
 */
@Repository
class ReconcileStore {

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final CallSettlement outcomes;
    private final Reconciliation ledger;

    ReconcileStore(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, CallSettlement outcomes,
            Reconciliation ledger) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outcomes = outcomes;
        this.ledger = ledger;
    }

    // ---- due calls -------------------------------------------------------------------------------------------

    /** The calls 8x8's logs must explain ({@link Reconciliation#callsToReconcile}). */
    List<DueCall> due(Instant now, Duration grace, int limit) {
        return ledger.callsToReconcile(now, grace, limit).stream().map(DueCall::of).toList();
    }

    /** Which of these sessionIds already belong to a call of ours. */
    Set<String> knownSessions(Collection<String> sessionIds) {
        return ledger.knownSessions(sessionIds);
    }

    // ---- verdicts --------------------------------------------------------------------------------------------

    /** The export's outcome for the call, applied like its summary; false when the call moved meanwhile. */
    boolean settle(long exportId, Verdict.Settle verdict, Instant now) {
        DueCall call = verdict.call();
        CallStatus outcome = verdict.outcome();
        StatusGuards.require(call.status(), outcome);
        String sessionId = verdict.row().sessionId();
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            boolean applied = outcomes.settle(ProvenOutcome.forCall(call.messageId(), call.callNumber(), sessionId,
                    outcome), now).applied();
            if (applied) {
                action(exportId, call, "SETTLED", outcome.name(), sessionId,
                        "8x8's log export: SessionStatus " + verdict.row().sessionStatus(), now);
            }
            return applied;
        }));
    }

    /** An unknown call's row without a final status: its sessionId is recorded, so its summary can settle it. */
    boolean sessionFound(long exportId, Verdict.SessionFound verdict, Instant now) {
        DueCall call = verdict.call();
        String sessionId = verdict.row().sessionId();
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            boolean recorded = ledger.recordFoundSession(call.messageId(), call.callNumber(), call.version(),
                    sessionId, now);
            if (recorded) {
                action(exportId, call, "SESSION_FOUND", null, sessionId,
                        "8x8's log export shows the call, not yet ended", now);
            }
            return recorded;
        }));
    }

    /** Several rows could be the call: flagged once, its lastError says why; nothing else changes. */
    boolean flag(long exportId, Verdict.Flag verdict, Instant now) {
        DueCall call = verdict.call();
        String detail = "left for ops: " + verdict.detail();
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            int inserted = jdbc.update("""
                    INSERT INTO reconcile_flag (message_id, call_number, export_id, flagged_at, candidates, detail)
                    VALUES (:id, :callNumber, :exportId, :now, :candidates, :detail)
                    ON CONFLICT DO NOTHING
                    """, new MapSqlParameterSource()
                    .addValue("id", call.messageId())
                    .addValue("callNumber", call.callNumber())
                    .addValue("exportId", exportId)
                    .addValue("now", ts(now))
                    .addValue("candidates", verdict.candidates())
                    .addValue("detail", detail));
            if (inserted == 1) {
                ledger.noteFlagged(call.messageId(), call.callNumber(), detail, now);
                action(exportId, call, "FLAGGED", null, null, detail, now);
            }
            return inserted == 1;
        }));
    }

    /**
     * 8x8 never placed the call: it is QUEUED again (same number and clientRequestId, sent at once, counting against
     * max-attempts) when attempts and validUntil leave room, else it ends NOT_PLACED and the message FAILED.
     *
     * @param sendBy validUntil must be after this for another POST to be worth it
     */
    NeverPlaced notPlaced(long exportId, Verdict.NotPlaced verdict, Instant now, int maxAttempts, Instant sendBy) {
        DueCall call = verdict.call();
        String requeued = "8x8 has no record of the call: " + verdict.detail() + "; never placed, sent again";
        String failed = "8x8 has no record of the call: " + verdict.detail() + "; never placed, and "
                + (call.attempts() >= maxAttempts ? "no attempts are left" : "validUntil leaves no time")
                + " to send it again";
        return transactions.execute(tx -> {
            NeverPlaced outcome = ledger.requeueNeverPlaced(new Reconciliation.NeverPlacedCall(call.messageId(),
                    call.callNumber(), call.version(), maxAttempts, sendBy, requeued, failed), now);
            switch (outcome) {
                case REQUEUED -> action(exportId, call, "NOT_PLACED", "QUEUED", null, requeued, now);
                case FAILED -> action(exportId, call, "NO_RECORD", "NOT_PLACED", null, failed, now);
                case RACED -> {
                    // a summary or another writer got there first: nothing was done, nothing to record
                }
            }
            return outcome;
        });
    }

    /** Stores the cost of every row whose session is one of our calls; returns how many calls got one. */
    int recordCosts(Long exportId, List<ExportRow> rows, Instant now) {
        List<SqlParameterSource> batch = new ArrayList<>();
        for (ExportRow row : rows) {
            if (row.hasCost()) {
                batch.add(new MapSqlParameterSource()
                        .addValue("sessionId", row.sessionId())
                        .addValue("amount", row.totalPrice())
                        .addValue("currency", row.currency())
                        .addValue("billable", row.billableSeconds() == null ? 0 : row.billableSeconds())
                        .addValue("duration", row.durationSeconds())
                        .addValue("status", row.sessionStatus())
                        .addValue("initiated", ts(row.initiatedAt()))
                        .addValue("exportId", exportId)
                        .addValue("now", ts(now)));
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        int[] counts = jdbc.batchUpdate("""
                INSERT INTO call_cost (session_id, message_id, call_number, amount, currency, billable_seconds,
                                       duration_seconds, session_status, initiated_at, export_id, recorded_at)
                SELECT :sessionId, c.message_id, c.call_number, :amount, :currency, :billable, :duration, :status,
                       :initiated, :exportId, :now
                FROM call_state c WHERE c.session_id = :sessionId
                ORDER BY c.planned_at DESC LIMIT 1
                ON CONFLICT (session_id) DO UPDATE
                   SET amount = EXCLUDED.amount, currency = EXCLUDED.currency,
                       billable_seconds = EXCLUDED.billable_seconds, duration_seconds = EXCLUDED.duration_seconds,
                       session_status = EXCLUDED.session_status, initiated_at = EXCLUDED.initiated_at,
                       export_id = EXCLUDED.export_id, recorded_at = EXCLUDED.recorded_at
                """, batch.toArray(SqlParameterSource[]::new));
        int stored = 0;
        for (int count : counts) {
            stored += Math.max(count, 0);
        }
        return stored;
    }

    /** Whether any call of ours reached 8x8 in [from, to): a day without calls needs no cost export. */
    boolean anyCallsBetween(Instant from, Instant to) {
        return ledger.anyCallsBetween(from, to);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void action(long exportId, DueCall call, String action, String toStatus, String sessionId, String detail,
            Instant now) {
        jdbc.update("""
                INSERT INTO reconcile_action (export_id, message_id, call_number, at, action, from_status, to_status,
                                              session_id, detail)
                VALUES (:exportId, :id, :callNumber, :now, :action, :from, :to, :sessionId, :detail)
                """, new MapSqlParameterSource()
                .addValue("exportId", exportId)
                .addValue("id", call.messageId())
                .addValue("callNumber", call.callNumber())
                .addValue("now", ts(now))
                .addValue("action", action)
                .addValue("from", call.status().name())
                .addValue("to", toStatus)
                .addValue("sessionId", sessionId)
                .addValue("detail", detail));
    }
}
