package com.example.voicegateway.message;

import static com.example.voicegateway.message.MessageStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageStatusTest {

    @Test
    void queuedMessageCanBeClaimedCanceledExpiredOrSettledByASessionSummary() {
        // A summary for a queued retry proves 8x8 placed the call after all: it settles the message.
        // QUEUED again: a summary for the call of a message queued for a retry plans the next call.
        assertThat(QUEUED.allowedNext()).containsExactlyInAnyOrder(QUEUED, SENDING, CANCELED, EXPIRED, SUPPRESSED,
                COMPLETED, NO_ANSWER, BUSY, FAILED, ERROR, ACKNOWLEDGED, NOT_ACKNOWLEDGED);
        assertThat(QUEUED.allowedNext()).containsAll(CALL_OUTCOMES);
        assertThat(QUEUED.canMoveTo(SUBMITTED)).isFalse();
        assertThat(QUEUED.canMoveTo(UNKNOWN)).isFalse();
    }

    @Test
    void sendingCanEndAnyWayADispatchAttemptCanEnd() {
        assertThat(SENDING.allowedNext()).containsExactlyInAnyOrder(QUEUED, SUBMITTED, UNKNOWN, REJECTED, EXPIRED,
                SUPPRESSED, COMPLETED, NO_ANSWER, BUSY, CANCELED, FAILED, ERROR, ACKNOWLEDGED, NOT_ACKNOWLEDGED);
    }

    @Test
    void submittedAndUnknownAreSettledByACallOutcomeOrQueuedForTheNextCall() {
        EnumSet<MessageStatus> outcomes = EnumSet.of(COMPLETED, NO_ANSWER, BUSY, CANCELED, FAILED, ERROR,
                ACKNOWLEDGED, NOT_ACKNOWLEDGED);
        // QUEUED: the summary proved how the call ended (from UNKNOWN only that 8x8 never placed it).
        outcomes.add(QUEUED);
        assertThat(SUBMITTED.allowedNext()).isEqualTo(outcomes);
        assertThat(UNKNOWN.allowedNext()).isEqualTo(outcomes);
        assertThat(UNKNOWN.canMoveTo(SENDING)).as("an unknown outcome is never re-sent").isFalse();
    }

    @ParameterizedTest
    @EnumSource(names = {"COMPLETED", "NO_ANSWER", "BUSY", "CANCELED", "FAILED", "ERROR", "REJECTED", "EXPIRED",
            "ACKNOWLEDGED", "SUPPRESSED"})
    void terminalStatusesGoNowhere(MessageStatus terminal) {
        assertThat(terminal.isTerminal()).isTrue();
        for (MessageStatus next : MessageStatus.values()) {
            assertThat(terminal.canMoveTo(next)).as(terminal + " -> " + next).isFalse();
        }
    }

    @Test
    void notAcknowledgedCanOnlyBecomeAcknowledgedByALateReportOfTheRightKey() {
        assertThat(NOT_ACKNOWLEDGED.allowedNext()).containsExactly(ACKNOWLEDGED);
        for (MessageStatus from : MessageStatus.values()) {
            assertThat(from.canMoveTo(ACKNOWLEDGED)).as(from + " -> ACKNOWLEDGED")
                    .isEqualTo(EnumSet.of(QUEUED, SENDING, SUBMITTED, UNKNOWN, NOT_ACKNOWLEDGED).contains(from));
        }
    }

    @Test
    void onlyAMessageWithACallInFlightGoesBackToQueued() {
        for (MessageStatus from : MessageStatus.values()) {
            assertThat(from.canMoveTo(QUEUED)).as(from + " -> QUEUED")
                    .isEqualTo(EnumSet.of(QUEUED, SENDING, SUBMITTED, UNKNOWN).contains(from));
        }
    }

    @Test
    void doneMeansNoCallPendingAndNoneToComeWhateverMovesAreLeft() {
        // Retention erases exactly these: NOT_ACKNOWLEDGED too, whose only move left (a late key) places no call.
        assertThat(EnumSet.allOf(MessageStatus.class).stream().filter(MessageStatus::isDone).toList())
                .containsExactlyInAnyOrder(COMPLETED, NO_ANSWER, BUSY, CANCELED, FAILED, ERROR, REJECTED, EXPIRED,
                        ACKNOWLEDGED, NOT_ACKNOWLEDGED, SUPPRESSED);
        for (MessageStatus status : MessageStatus.values()) {
            if (status.isDone()) {
                for (MessageStatus next : status.allowedNext()) {
                    assertThat(next.isDone()).as(status + " -> " + next).isTrue();
                }
            }
        }
    }

    @Test
    void suppressedIsReachedOnlyBeforeAnyCallflowWasPosted() {
        // Intake (QUEUED) or the claim (SENDING) found the number on a do-not-call list.
        for (MessageStatus from : MessageStatus.values()) {
            assertThat(from.canMoveTo(SUPPRESSED)).as(from + " -> SUPPRESSED")
                    .isEqualTo(from == QUEUED || from == SENDING);
        }
        assertThat(CALL_OUTCOMES).doesNotContain(SUPPRESSED);
    }

    @Test
    void illegalMoveNamesBothStatuses() {
        var e = new IllegalTransitionException(java.util.UUID.randomUUID(), COMPLETED, QUEUED);
        assertThat(e.getMessage()).contains("COMPLETED").contains("QUEUED");
    }
}
