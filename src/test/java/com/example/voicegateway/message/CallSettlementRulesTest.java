package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallSettlementRulesTest {

    @Test
    void theMessagesAProofSettlesAreThoseTheStateMachineLetsMoveToEveryCallOutcome() {
        Set<MessageStatus> allowed = EnumSet.noneOf(MessageStatus.class);
        for (MessageStatus status : MessageStatus.values()) {
            if (MessageStatus.CALL_OUTCOMES.stream().allMatch(status::canMoveTo)) {
                allowed.add(status);
            }
        }
        assertThat(CallSettlement.SETTLEABLE).isEqualTo(allowed);
        // Pinned as well, so a change to the state machine shows up here too.
        assertThat(CallSettlement.SETTLEABLE).containsExactlyInAnyOrder(MessageStatus.QUEUED, MessageStatus.SENDING,
                MessageStatus.SUBMITTED, MessageStatus.UNKNOWN);
    }

    @Test
    void theCallsAProofSettlesAreThoseStillInFlight() {
        assertThat(CallSettlement.CALL_SETTLEABLE).containsExactlyInAnyOrder(CallStatus.QUEUED, CallStatus.SENDING,
                CallStatus.SUBMITTED, CallStatus.UNKNOWN);
    }
}
