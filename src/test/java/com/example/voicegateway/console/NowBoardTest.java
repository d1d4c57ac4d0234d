package com.example.voicegateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Now board counts what waits and for what: messages held back by 8x8's limits (the circuit breaker, the shared
 * call rate) apart from those waiting for a time of their own, so "due 0" never hides a stuck queue.
 */
class NowBoardTest extends IntegrationTest {

    @Autowired
    NowBoard board;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void heldBackMessagesAreCountedByWhatHoldsThemApartFromThoseWaitingForTheirTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        clock.set(now);
        Instant later = now.plus(Duration.ofMinutes(5));
        queued(now.minusSeconds(1), null, null);
        // What dispatch's CallSender leaves when the breaker kept a message from being sent.
        queued(later, "RETRY_BACKOFF", "HTTP 503 NOT_CREATED: Service Unavailable; 8x8 circuit breaker open: not sent");
        queued(later, "RATE_LIMIT", "8x8 rate limit: no permit");
        queued(later, "RETRY_BACKOFF", "HTTP 503 NOT_CREATED: Service Unavailable");
        queued(later, "REDIAL_INTERVAL", "call 1 ended BUSY: fallback 1 of 1");
        queued(later, "SEND_AT", null);
        queued(later, "DELIVERY_WINDOW", null);

        NowBoard.Now closed = board.read();
        assertThat(closed.dueMessages()).isEqualTo(1);
        assertThat(closed.heldByBreaker()).isEqualTo(1);
        assertThat(closed.heldByRate()).isEqualTo(1);
        assertThat(closed.heldBack()).isEqualTo(2);
        assertThat(closed.waitingForTime()).isEqualTo(4);
        assertThat(closed.retryBackoff()).isEqualTo(1);
        assertThat(closed.redialInterval()).isEqualTo(1);
        assertThat(closed.sendAt()).isEqualTo(1);
        assertThat(closed.deliveryWindow()).isEqualTo(1);

        // The dispatchers are held back by 8x8's rate: the due message waits for it too.
        jdbc.update("INSERT INTO dispatch_held_back (id, until) VALUES (true, ?)", Timestamp.from(now.plusSeconds(2)));
        assertThat(board.read().heldByRate()).isEqualTo(2);

        // While the breaker is open, a due message is held back by it, whatever else holds it.
        CircuitBreaker breaker = breakers.circuitBreaker("eightByEight");
        breaker.transitionToForcedOpenState();
        try {
            NowBoard.Now open = board.read();
            assertThat(open.circuitBreaker()).isEqualTo("FORCED_OPEN");
            assertThat(open.heldByBreaker()).isEqualTo(2);
            assertThat(open.heldByRate()).isEqualTo(1);
            assertThat(open.heldBack()).isEqualTo(3);
        } finally {
            breaker.transitionToClosedState();
            breaker.reset();
        }
    }

    private void queued(Instant nextAttemptAt, String waitingFor, String lastError) {
        ledgerRows().message().set("next_attempt_at", nextAttemptAt).set("waiting_for", waitingFor)
                .set("last_error", lastError).insert();
    }
}
