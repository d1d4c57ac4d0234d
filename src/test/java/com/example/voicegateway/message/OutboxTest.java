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
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO voice_message (id, client_name, status, destination, source, text, repetition,
                                           valid_until, created_at, updated_at, next_attempt_at)
                VALUES (?, 'alpha', 'QUEUED', '+6591234567', '+6568880000', 'x', 1, now() + interval '1 hour',
                        now(), now(), now() - interval '1 second')
                """, id);
        addFirstCalls();
        return id;
    }

    private ClaimedMessage claim() {
        Instant now = Instant.now();
        List<ClaimedMessage> claimed = outbox.claimDue("test", now, now.plus(Duration.ofMinutes(1)), 1);
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }

    private Map<String, Object> row(UUID id) {
        return jdbc.queryForMap("""
                SELECT m.status, m.version, m.post_started_at, c.status AS call_status
                  FROM voice_message m JOIN voice_call c ON c.message_id = m.id AND c.call_number = m.current_call
                 WHERE m.id = ?""", id);
    }

    @Test
    void anOutcomeTheStateMachineRefusesIsNeverWritten() {
        UUID id = queued();
        ClaimedMessage claimed = claim();
        Map<String, Object> before = row(id);

        // SENDING -> SENDING is no move: an outcome must release the claim.
        assertThatThrownBy(() -> outbox.recordSendOutcome(claimed,
                new Outbox.Outcome(MessageStatus.SENDING, 0, null, "no", null, null), Instant.now(),
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

        jdbc.update("UPDATE voice_call SET status = 'QUEUED' WHERE message_id = ?", id);
        assertThat(outbox.markPostStarted(claimed, Instant.now())).as("the version the claim returned is gone")
                .isNull();
        assertThat(row(id)).containsEntry("call_status", "QUEUED");
    }
}
