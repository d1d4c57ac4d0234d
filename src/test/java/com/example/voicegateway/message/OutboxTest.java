package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.voicegateway.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The ledger's dispatch commands keep their guards: a move the state machine refuses, or a stale claim, writes nothing. */
class OutboxTest extends IntegrationTest {

    @Autowired
    Outbox outbox;

    private UUID queued() {
        return ledgerRows().message().set("next_attempt_at", Instant.now().minusSeconds(1)).insert();
    }

    private ClaimedMessage claim() {
        Instant now = Instant.now();
        List<ClaimedMessage> claimed = outbox.claimDue("test", now, now.plus(Duration.ofMinutes(1)), 1);
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }

    private Map<String, Object> row(UUID id) {
        return jdbc.queryForMap("""
                SELECT m.status, c.version, m.post_started_at, c.status AS call_status
                  FROM message_state m JOIN voice_call c ON c.message_id = m.id AND c.call_number = m.current_call
                 WHERE m.id = ?""", id);
    }

    @Test
    void anOutcomeTheStateMachineRefusesIsNeverWritten() {
        UUID id = queued();
        ClaimedMessage claimed = claim();
        Map<String, Object> before = row(id);

        // SENDING -> SENDING is no move: an outcome must release the claim.
        assertThatThrownBy(() -> outbox.recordSendOutcome(claimed,
                new Outbox.Outcome(CallStatus.SENDING, 0, null, "no", null, null), Instant.now(),
                List.of())).isInstanceOf(IllegalStateException.class);

        assertThat(row(id)).isEqualTo(before).containsEntry("status", "SENDING");
    }

    @Test
    void aStaleClaimMarksNoPostAndMovesNoCall() {
        UUID id = queued();
        ClaimedMessage claimed = claim();
        ClaimedMessage marked = outbox.markPostStarted(claimed, Instant.now());
        assertThat(marked.version()).isEqualTo(claimed.version() + 1);
        assertThat(row(id)).containsEntry("call_status", "SENDING");

        jdbc.update("UPDATE voice_call SET status = 'QUEUED', version = version + 1 WHERE message_id = ?", id);
        assertThat(outbox.markPostStarted(claimed, Instant.now())).as("the version the claim returned is gone")
                .isNull();
        assertThat(row(id)).containsEntry("call_status", "QUEUED");
    }
}
