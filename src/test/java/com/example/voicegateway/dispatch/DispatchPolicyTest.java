package com.example.voicegateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.CallRetries;
import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a send's result means for the message, as plain functions: no Spring, no WireMock, no database. */
class DispatchPolicyTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final CallRetries SETTINGS = new CallRetries(4, Duration.ofSeconds(5), Duration.ofMinutes(5));

    @Test
    void createdIsSubmittedAndFurtherPostsCount() {
        var created = new SendResult.Created(200, "s", "c", 1, "Created");
        var decision = DispatchPolicy.decide(sent(claim(1), created, 2, null), NOW, SETTINGS, 0);
        assertThat(decision).isEqualTo(new DispatchPolicy.Submit(created, 1));
    }

    @Test
    void anUnknownAnswerIsUnknownAndNeverRetried() {
        var unknown = new SendResult.Unknown(null, null, null, "read timeout: the callflow may have been created");
        var outcome = write(DispatchPolicy.decide(sent(claim(1), unknown, 1, null), NOW, SETTINGS, 0));
        assertThat(outcome.status()).isEqualTo(CallStatus.UNKNOWN);
        assertThat(outcome.lastError()).contains("never re-sent");
        assertThat(DispatchPolicy.mayRetryInProcess(claim(1), unknown, 1, NOW, Duration.ofSeconds(12), 4)).isFalse();
    }

    @Test
    void aRetryableAnswerIsQueuedAfterTheBackoffThenFailsOnceTheAttemptsAreUsedUp() {
        var retryable = new SendResult.Retryable(503, -1, "busy", null, "HTTP 503 NOT_CREATED");
        var queued = write(DispatchPolicy.decide(sent(claim(1), retryable, 1, null), NOW, SETTINGS, 0));
        assertThat(queued.status()).isEqualTo(CallStatus.QUEUED);
        assertThat(queued.nextAttemptAt()).isEqualTo(NOW.plusSeconds(5));

        var failed = write(DispatchPolicy.decide(sent(claim(4), retryable, 1, null), NOW, SETTINGS, 0));
        assertThat(failed.status()).isEqualTo(CallStatus.FAILED);
        assertThat(failed.lastError()).startsWith("gave up after 4 attempts");
    }

    @Test
    void retryAfterLongerThanTheBackoffWinsAndAPassedValidUntilExpires() {
        var later = new SendResult.Retryable(429, null, null, Duration.ofSeconds(30), "HTTP 429");
        assertThat(write(DispatchPolicy.decide(sent(claim(1), later, 1, null), NOW, SETTINGS, 0)).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(30));

        var soon = new ClaimedMessage(UUID.randomUUID(), 1, 1, 1, CallKind.FIRST, "x", "+6591234567", "+6568880000",
                "hi", null, "v", 1, null, NOW.plusSeconds(10), NOW.plusSeconds(120));
        assertThat(write(DispatchPolicy.decide(sent(soon, later, 1, null), NOW, SETTINGS, 0)).status())
                .isEqualTo(CallStatus.EXPIRED);
    }

    @Test
    void nothingPostedIsQueuedForTheDeferralOrExpiredWithoutOne() {
        var deferral = new SendOutcome.Deferral(CallSender.NO_RATE_PERMIT, NOW.plusSeconds(1));
        var queued = write(DispatchPolicy.decide(sent(claim(1), null, 0, deferral), NOW, SETTINGS, 0));
        assertThat(queued).isEqualTo(new Outbox.Outcome(CallStatus.QUEUED, -1, NOW.plusSeconds(1),
                CallSender.NO_RATE_PERMIT, null, null));

        var expired = write(DispatchPolicy.decide(sent(claim(1), null, 0, null), NOW, SETTINGS, 0));
        assertThat(expired.status()).isEqualTo(CallStatus.EXPIRED);
    }

    @Test
    void anAuthProblemIsNotTheMessagesFault() {
        var auth = new SendResult.AuthProblem(401, 401, "token invalid");
        var outcome = write(DispatchPolicy.decide(sent(claim(1), auth, 1, null), NOW, SETTINGS, 0));
        assertThat(outcome.status()).isEqualTo(CallStatus.QUEUED);
        assertThat(outcome.attemptsDelta()).isEqualTo(-1);
        assertThat(outcome.nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
    }

    @Test
    void inProcessRetriesNeedRoomInTheLeaseAndInTheBudget() {
        var retryable = new SendResult.Retryable(null, null, null, null, "connect refused");
        Duration call = Duration.ofSeconds(12);
        assertThat(DispatchPolicy.mayRetryInProcess(claim(1), retryable, 1, NOW, call, 4)).isTrue();
        assertThat(DispatchPolicy.mayRetryInProcess(claim(4), retryable, 1, NOW, call, 4)).isFalse();
        assertThat(DispatchPolicy.mayRetryInProcess(claim(1), retryable, 1, NOW.plusSeconds(108), call, 4)).isFalse();
    }

    @Test
    void theBackoffDoublesUpToItsCapAndTheJitterOnlyShortensIt() {
        assertThat(SETTINGS.backoff(1, 0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(SETTINGS.backoff(3, 0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(SETTINGS.backoff(30, 0)).isEqualTo(Duration.ofMinutes(5));
        assertThat(SETTINGS.backoff(1, 1)).isEqualTo(Duration.ofMillis(2500));
    }

    static ClaimedMessage claim(int attempts) {
        return new ClaimedMessage(UUID.randomUUID(), 1, attempts, 1, CallKind.FIRST, "x", "+6591234567",
                "+6568880000", "hi", null, "v", 1, null, NOW.plus(Duration.ofHours(1)), NOW.plusSeconds(120));
    }

    static SendOutcome sent(ClaimedMessage m, SendResult last, int posts, SendOutcome.Deferral deferral) {
        return new SendOutcome(m, last, posts, deferral, List.of(), false);
    }

    static Outbox.Outcome write(DispatchPolicy.Decision decision) {
        return ((DispatchPolicy.Write) decision).outcome();
    }
}
