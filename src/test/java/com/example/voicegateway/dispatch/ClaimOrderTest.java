package com.example.voicegateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.message.Outbox;
import com.example.voicegateway.support.IntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The claim's order on real rows: priority first, then due time; nothing claimed before it is due. */
class ClaimOrderTest extends IntegrationTest {

    @Autowired
    Outbox outbox;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** Many rows in one statement, each with its first call: the backlog is large, and built in one round trip. */
    private void insert(int count, String priority, Instant due) {
        jdbc.update("""
                WITH m AS (
                    INSERT INTO voice_message (id, client_name, destination, source, text, repetition,
                                               valid_until, created_at, updated_at, priority)
                    SELECT gen_random_uuid(), 'alpha', '+6591234567', '+6568880000', 'x', 1, ?, ?, ?, ?
                      FROM generate_series(1, ?)
                    RETURNING id, destination, created_at, client_name, priority, valid_until)
                INSERT INTO voice_call (message_id, call_number, kind, destination, client_request_id, status,
                                        planned_at, due_at, client_name, priority, valid_until, next_attempt_at,
                                        updated_at)
                SELECT id, 1, 'FIRST', destination, id::text, 'QUEUED', created_at, ?, client_name, priority,
                       valid_until, ?, created_at FROM m
                """, Timestamp.from(now.plus(Duration.ofHours(2))), Timestamp.from(now), Timestamp.from(now),
                priority, count, Timestamp.from(due), Timestamp.from(due));
    }

    private UUID insertOne(String priority, Instant due) {
        return ledgerRows().message().set("text", "x").set("valid_until", now.plus(Duration.ofHours(2)))
                .set("created_at", now).set("updated_at", now).set("next_attempt_at", due).set("priority", priority)
                .insert();
    }

    private List<UUID> claim(int limit) {
        return outbox.claimDue("test", now, now.plus(Duration.ofMinutes(1)), limit).stream().map(ClaimedMessage::id)
                .toList();
    }

    @Test
    void highBeforeNormalBeforeLowThenByDueTime() {
        UUID lowOld = insertOne("LOW", now.minusSeconds(300));
        UUID normalNew = insertOne("NORMAL", now.minusSeconds(10));
        UUID normalOld = insertOne("NORMAL", now.minusSeconds(200));
        UUID highNew = insertOne("HIGH", now.minusSeconds(1));
        UUID highOld = insertOne("HIGH", now.minusSeconds(100));
        insertOne("HIGH", now.plusSeconds(60));

        // One at a time: a claim's RETURNING has no order of its own, its LIMIT has.
        assertThat(claim(1)).containsExactly(highOld);
        assertThat(claim(1)).containsExactly(highNew);
        assertThat(claim(1)).containsExactly(normalOld);
        assertThat(claim(1)).containsExactly(normalNew);
        assertThat(claim(4)).as("the HIGH due in a minute is not due yet").containsExactly(lowOld);
    }

    @Test
    void aHighMessageIsClaimedFirstWhateverTheBacklog() {
        insert(5_000, "LOW", now.minusSeconds(600));
        // HIGH rows scheduled for later sit in front of the LOW ones in the index; they must not be scanned past.
        insert(2_000, "HIGH", now.plus(Duration.ofHours(1)));
        UUID urgent = insertOne("HIGH", now);

        assertThat(claim(1)).containsExactly(urgent);
        assertThat(claim(9)).hasSize(9);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM message_state WHERE status = 'SENDING'", Long.class))
                .isEqualTo(10);
    }
}
