package com.example.voicegateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.MessageStatus;
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
        // writes never meet an UNKNOWN call, because they are guarded by the message being SENDING.
        assertThat(StatusGuards.callsMovingToOrStayingSql(CallStatus.QUEUED))
                .isEqualTo("('QUEUED', 'SENDING', 'UNKNOWN')");
    }

    @Test
    void everyOutcomeTheDispatcherWritesIsAMoveFromSendingForTheMessageAndItsCall() {
        for (MessageStatus written : new MessageStatus[] {MessageStatus.QUEUED, MessageStatus.REJECTED,
                MessageStatus.UNKNOWN, MessageStatus.FAILED, MessageStatus.EXPIRED, MessageStatus.SUBMITTED}) {
            assertThat(MessageStatus.SENDING.canMoveTo(written)).as("message SENDING -> " + written).isTrue();
            CallStatus call = CallStatus.of(written);
            assertThat(CallStatus.SENDING == call || CallStatus.SENDING.canMoveTo(call))
                    .as("call SENDING -> " + call).isTrue();
        }
    }
}
