package com.example.voicegateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallbacksPropertiesTest {

    @Test
    void oneHostHoldsOnlyAShareOfThePool() {
        assertThat(CallbacksProperties.MAX_PER_HOST).isPositive().isLessThanOrEqualTo(CallbacksProperties.POOL_SIZE);
    }
}
