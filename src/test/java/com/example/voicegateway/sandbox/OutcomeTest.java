package com.example.voicegateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void zeroEightAndZeroNineAnswerOnlyTheSecondCall() {
        assertThat(Outcome.forCall("+6591234508", 1)).isEqualTo(Outcome.NO_ANSWER);
        assertThat(Outcome.forCall("+6591234508", 2)).isEqualTo(Outcome.COMPLETED);
        assertThat(Outcome.forCall("+6591234509", 1)).isEqualTo(Outcome.BUSY);
        assertThat(Outcome.forCall("+6591234509", 3)).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void theOtherTestNumbersEndTheSameWayOnEveryCall() {
        for (int call = 1; call <= 3; call++) {
            assertThat(Outcome.forCall("+6591234501", call)).isEqualTo(Outcome.BUSY);
            assertThat(Outcome.forCall("+6591234502", call)).isEqualTo(Outcome.NO_ANSWER);
            assertThat(Outcome.forCall("+6591234503", call)).isEqualTo(Outcome.ERROR);
            assertThat(Outcome.forCall("+6591234504", call)).isEqualTo(Outcome.FAILED);
            assertThat(Outcome.forCall("+6591234567", call)).isEqualTo(Outcome.COMPLETED);
        }
    }
}
