package com.example.voicegateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every status move reconciliation's SQL makes is one the state machines allow. */
class ReconcileStatusMovesTest {

    @Test
    void everyMessageMoveIsAllowedByMessageStatus() {
        assertThat(ReconcileStore.MESSAGE_MOVES).isNotEmpty().allSatisfy(move -> assertThat(
                move.from().canMoveTo(move.to())).as(move.statement() + ": " + move.from() + " -> " + move.to())
                .isTrue());
    }

    @Test
    void everyCallMoveIsAllowedByCallStatus() {
        assertThat(ReconcileStore.CALL_MOVES).isNotEmpty().allSatisfy(move -> assertThat(
                move.from().canMoveTo(move.to())).as(move.statement() + ": " + move.from() + " -> " + move.to())
                .isTrue());
    }
}
