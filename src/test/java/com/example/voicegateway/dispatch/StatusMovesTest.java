package com.example.voicegateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.StatusGuards;
import org.junit.jupiter.api.Test;

/** The moves the dispatcher's outcomes ask the ledger for are ones the state machines allow. */
class StatusMovesTest {

    @Test
    void theCallGuardsOfTheOutboxAreDerivedFromCallStatus() {
        assertThat(StatusGuards.callsMovingToSql(CallStatus.SENDING)).isEqualTo("('QUEUED')");
        assertThat(StatusGuards.callsMovingToSql(CallStatus.SUBMITTED)).isEqualTo("('SENDING')");
        assertThat(StatusGuards.callsMovingToSql(CallStatus.UNKNOWN)).isEqualTo("('SENDING')");
        // UNKNOWN -> QUEUED is reconciliation's (8x8's log export proved the call never placed); dispatch's own
        // writes never meet an UNKNOWN call, because they are guarded by the call being SENDING.
        assertThat(StatusGuards.callsMovingToOrStayingSql(CallStatus.QUEUED))
                .isEqualTo("('QUEUED', 'SENDING', 'UNKNOWN')");
    }

    @Test
    void everyOutcomeTheDispatcherWritesIsAMoveFromSendingForTheCall() {
        for (CallStatus written : new CallStatus[] {CallStatus.QUEUED, CallStatus.REJECTED, CallStatus.UNKNOWN,
                CallStatus.FAILED, CallStatus.EXPIRED, CallStatus.SUBMITTED}) {
            assertThat(CallStatus.SENDING.canMoveTo(written)).as("call SENDING -> " + written).isTrue();
            // Those that end the call end the message with the outcome of the same name.
            if (written.isFinal()) {
                assertThat(written.messageStatus().name()).isEqualTo(written.name());
            }
        }
    }
}
