package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallSettlementRulesTest {

    @Test
    void theCallsAProofSettlesAreThoseStillInFlight() {
        assertThat(CallSettlement.CALL_SETTLEABLE).containsExactlyInAnyOrder(CallStatus.QUEUED, CallStatus.SENDING,
                CallStatus.SUBMITTED, CallStatus.UNKNOWN);
    }
}
