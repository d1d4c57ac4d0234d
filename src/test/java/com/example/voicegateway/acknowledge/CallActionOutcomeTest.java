package com.example.voicegateway.acknowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.acknowledge.CallActionStore.Outcome;
import com.example.voicegateway.message.Acknowledgements.KeyPress;
import com.example.voicegateway.message.CallKind;
import com.example.voicegateway.message.CallStatus;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a stored call action event is recorded as, from what the ledger's command found and did. */
class CallActionOutcomeTest {

    private static KeyPress press(CallStatus before, boolean expectsKey, boolean rightKey, boolean erased) {
        return new KeyPress(UUID.randomUUID(), 1, CallKind.FIRST, before, expectsKey, rightKey, false, erased, null,
                null, null, false, expectsKey);
    }

    /** A message with {@code optOut}, with or without {@code acknowledge}: the opt-out key, or another. */
    private static KeyPress optOut(boolean acknowledgeAsked, boolean optOutKey, boolean erased) {
        return new KeyPress(UUID.randomUUID(), 1, CallKind.FIRST, CallStatus.SUBMITTED, true, false, false, erased,
                null, null, null, optOutKey && !erased, acknowledgeAsked);
    }

    @Test
    void theOptOutKeyIsRecordedAsSuchWithOrWithoutAcknowledge() {
        assertThat(CallActionStore.outcome(true, optOut(false, true, false))).isEqualTo(Outcome.OPTED_OUT);
        assertThat(CallActionStore.outcome(true, optOut(true, true, false))).isEqualTo(Outcome.OPTED_OUT);
        // With acknowledge another key is still "not acknowledged"; without, it does nothing.
        assertThat(CallActionStore.outcome(true, optOut(true, false, false))).isEqualTo(Outcome.NOT_ACKNOWLEDGED);
        assertThat(CallActionStore.outcome(true, optOut(false, false, false))).isEqualTo(Outcome.IGNORED);
        // An erased message is a closed record: not even the opt-out key moves anything.
        assertThat(CallActionStore.outcome(true, optOut(false, true, true))).isEqualTo(Outcome.IGNORED);
    }

    @Test
    void anythingButAKeyReportIsIgnoredEvenForAKnownCall() {
        assertThat(CallActionStore.outcome(false, press(CallStatus.SUBMITTED, true, false, false)))
                .isEqualTo(Outcome.IGNORED);
        assertThat(CallActionStore.outcome(false, KeyPressUnmatched.INSTANCE)).isEqualTo(Outcome.IGNORED);
    }

    @Test
    void aKeyForNoKnownCallIsUnmatched() {
        assertThat(CallActionStore.outcome(true, KeyPressUnmatched.INSTANCE)).isEqualTo(Outcome.UNMATCHED);
    }

    @Test
    void anErasedMessageOrOneThatAskedForNoKeyIgnoresIt() {
        assertThat(CallActionStore.outcome(true, press(CallStatus.SUBMITTED, true, false, true)))
                .isEqualTo(Outcome.IGNORED);
        assertThat(CallActionStore.outcome(true, press(CallStatus.SUBMITTED, false, false, false)))
                .isEqualTo(Outcome.IGNORED);
    }

    @Test
    void theWrongKeyIsNotAcknowledged() {
        assertThat(CallActionStore.outcome(true, press(CallStatus.SUBMITTED, true, false, false)))
                .isEqualTo(Outcome.NOT_ACKNOWLEDGED);
    }

    @Test
    void theRightKeyAcknowledgesWhereTheCallsStateMachineAllowsItElseDuplicateOrConflict() {
        for (CallStatus before : CallStatus.values()) {
            Outcome expected = before.canMoveTo(CallStatus.ACKNOWLEDGED) ? Outcome.ACKNOWLEDGED
                    : before == CallStatus.ACKNOWLEDGED ? Outcome.DUPLICATE : Outcome.CONFLICT;
            assertThat(CallActionStore.outcome(true, press(before, true, true, false))).as(before.name())
                    .isEqualTo(expected);
        }
        assertThat(CallActionStore.outcome(true, press(CallStatus.NOT_ACKNOWLEDGED, true, true, false)))
                .as("the late key").isEqualTo(Outcome.ACKNOWLEDGED);
        assertThat(CallActionStore.outcome(true, press(CallStatus.COMPLETED, true, true, false)))
                .isEqualTo(Outcome.CONFLICT);
    }

    /** A call action whose session no call carries. */
    private static final class KeyPressUnmatched {
        static final KeyPress INSTANCE = new KeyPress(null, null, null, null, false, false, false, false, null, null,
                null, false, false);
    }
}
