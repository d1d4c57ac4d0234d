package com.example.voicegateway.message;

import static com.example.voicegateway.message.CallStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class CallStatusTest {

    @Test
    void aPlannedCallIsPostedCanceledExpiredSuppressedOrSettledByASummary() {
        assertThat(QUEUED.allowedNext()).containsExactlyInAnyOrder(SENDING, CANCELED, EXPIRED, SUPPRESSED, COMPLETED,
                NO_ANSWER, BUSY, FAILED, ERROR, NOT_PLACED, ACKNOWLEDGED, NOT_ACKNOWLEDGED);
    }

    @Test
    void onlyACallNothingWasPostedForIsSuppressedAndThatIsFinal() {
        // QUEUED: intake found the number on a list; SENDING: the claim did, before any POST began.
        for (CallStatus from : values()) {
            assertThat(from.canMoveTo(SUPPRESSED)).as(from + " -> SUPPRESSED")
                    .isEqualTo(from == QUEUED || from == SENDING);
        }
        assertThat(SUPPRESSED.allowedNext()).isEmpty();
        assertThat(SUPPRESSED.messageStatus()).isEqualTo(MessageStatus.SUPPRESSED);
        assertThat(SUMMARY_OUTCOMES).as("no summary proves a call that was never placed").doesNotContain(SUPPRESSED);
    }

    @Test
    void aCallGoesBackToQueuedOnlyWhenItProvablyWasNotCreated() {
        // SENDING: 8x8's answer proved it; UNKNOWN: 8x8's log export proved it (reconcile).
        for (CallStatus from : values()) {
            assertThat(from.canMoveTo(QUEUED)).as(from + " -> QUEUED").isEqualTo(from == SENDING || from == UNKNOWN);
        }
    }

    @Test
    void unknownIsSettledOrProvedNeverPlacedNeverPostedStraightAgain() {
        EnumSet<CallStatus> next = EnumSet.copyOf(SUMMARY_OUTCOMES);
        next.add(QUEUED);
        assertThat(UNKNOWN.allowedNext()).isEqualTo(next);
        assertThat(UNKNOWN.canMoveTo(SENDING)).isFalse();
    }

    @Test
    void aSummarySettlesExactlyTheCallsThatCanStillEnd() {
        assertThat(settleable()).isEqualTo(EnumSet.of(QUEUED, SENDING, SUBMITTED, UNKNOWN));
    }

    @Test
    void everyEndIsFinal() {
        for (CallStatus end : EnumSet.of(COMPLETED, NO_ANSWER, BUSY, CANCELED, FAILED, ERROR, REJECTED, EXPIRED,
                NOT_PLACED, ACKNOWLEDGED, NOT_ACKNOWLEDGED, SUPPRESSED)) {
            assertThat(end.isFinal()).as(end.name()).isTrue();
        }
    }

    @Test
    void notAcknowledgedMovesOnlyToAcknowledgedWhenTheRightKeyIsReportedLate() {
        assertThat(NOT_ACKNOWLEDGED.allowedNext()).containsExactly(ACKNOWLEDGED);
        assertThat(ACKNOWLEDGED.allowedNext()).isEmpty();
        for (CallStatus from : values()) {
            assertThat(from.canMoveTo(ACKNOWLEDGED)).as(from + " -> ACKNOWLEDGED")
                    .isEqualTo(EnumSet.of(QUEUED, SENDING, SUBMITTED, UNKNOWN, NOT_ACKNOWLEDGED).contains(from));
        }
    }

    @Test
    void aFinalCallGivesTheMessageTheOutcomeOfTheSameNameButNotPlacedIsAnError() {
        for (CallStatus status : values()) {
            if (status.isFinal() && status != NOT_PLACED) {
                assertThat(status.messageStatus().name()).isEqualTo(status.name());
                assertThat(status.messageStatus().isFinal()).isTrue();
            }
        }
        assertThat(NOT_PLACED.messageStatus()).isEqualTo(MessageStatus.ERROR);
    }
}
