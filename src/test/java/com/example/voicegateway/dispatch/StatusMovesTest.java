package com.example.voicegateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.message.CallStatus;
import com.example.voicegateway.message.MessageStatus;
import org.junit.jupiter.api.Test;

/** Every status move dispatch's SQL makes is one the state machines allow. */
class StatusMovesTest {

    @Test
    void everyMessageMoveOfTheDispatchSqlIsAllowedByMessageStatus() {
        assertThat(concat(DispatchStore.MESSAGE_MOVES, OutboxSweeps.MESSAGE_MOVES)).isNotEmpty().allSatisfy(move -> assertThat(move.from().canMoveTo(move.to()))
                .as(move.statement() + ": " + move.from() + " -> " + move.to()).isTrue());
    }

    @Test
    void everyCallMoveOfTheDispatchSqlIsAllowedByCallStatus() {
        assertThat(concat(DispatchStore.CALL_MOVES, OutboxSweeps.CALL_MOVES)).isNotEmpty().allSatisfy(move -> assertThat(move.from().canMoveTo(move.to()))
                .as(move.statement() + ": " + move.from() + " -> " + move.to()).isTrue());
    }

    @Test
    void theCallGuardsInTheSqlAreDerivedFromCallStatus() {
        assertThat(DispatchStore.from(CallStatus.SENDING)).isEqualTo("('QUEUED')");
        assertThat(DispatchStore.from(CallStatus.SUBMITTED)).isEqualTo("('SENDING')");
        assertThat(DispatchStore.from(CallStatus.UNKNOWN)).isEqualTo("('SENDING')");
        // UNKNOWN -> QUEUED is reconciliation's (8x8's log export proved the call never placed); dispatch's own
        // writes never meet an UNKNOWN call, because they are guarded by the message being SENDING.
        assertThat(DispatchStore.fromOrSame(CallStatus.QUEUED)).isEqualTo("('QUEUED', 'SENDING', 'UNKNOWN')");
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

    private static <T> java.util.List<T> concat(java.util.List<T> a, java.util.List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
