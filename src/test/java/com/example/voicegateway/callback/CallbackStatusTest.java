package com.example.voicegateway.callback;

import static com.example.voicegateway.callback.CallbackStatus.DELIVERED;
import static com.example.voicegateway.callback.CallbackStatus.FAILED;
import static com.example.voicegateway.callback.CallbackStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallbackStatusTest {

    @Test
    void deliveredIsFinalAndOnlyOpsBringAFailedOneBack() {
        assertThat(DELIVERED.allowedNext()).isEmpty();
        assertThat(FAILED.allowedNext()).containsExactly(PENDING);
        assertThat(PENDING.allowedNext()).containsExactlyInAnyOrder(PENDING, DELIVERED, FAILED);
    }

    @Test
    void theStoresGuardsComeFromTheTable() {
        // delivered(): only a pending event; failed(): one that may be retried or given up; redeliver(): FAILED.
        assertThat(CallbackStatus.sqlFrom(DELIVERED)).isEqualTo("('PENDING')");
        assertThat(CallbackStatus.sqlFrom(PENDING, FAILED)).isEqualTo("('PENDING')");
        assertThat(CallbackStatus.sqlFrom(PENDING)).isEqualTo("('PENDING', 'FAILED')");
    }
}
