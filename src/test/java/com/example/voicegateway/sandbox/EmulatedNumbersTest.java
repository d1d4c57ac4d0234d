package com.example.voicegateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The emulated 8x8 account's numbers ({@code GET .../numbers}, in 8x8's shape) are the configured caller ids, all
 * active: the gateway's check of its caller ids finds every one registered ({@code dispatch.CallerIdsInTheSandboxTest}).
 */
class EmulatedNumbersTest extends IntegrationTest {

    @Autowired
    EightByEightProperties eightByEight;

    @Test
    void theEmulatedAccountHasTheConfiguredCallerIds() {
        Answer numbers = send(request("/sandbox/8x8/api/v1/subaccounts/sandbox/numbers", null)
                .header("Authorization", "Bearer " + eightByEight.apiKey()).GET().build());

        assertThat(numbers.status()).isEqualTo(200);
        assertThat(numbers.json().get("numbers").valueStream().map(n -> n.get("msisdn").asString()))
                .containsExactly("+6568880000", "+622150000000", "+6568880001", "+6568881234", "+6568332048");
        assertThat(numbers.json().at("/numbers/1/countryCode").asString()).isEqualTo("ID");
        assertThat(numbers.json().at("/numbers/1/operationalStatus").asString()).isEqualTo("Active");
        assertThat(numbers.json().get("totalNumbers").asInt()).isEqualTo(5);
    }

    @Test
    void withoutTheKeyTheNumbersAre401() {
        assertThat(send(request("/sandbox/8x8/api/v1/subaccounts/sandbox/numbers", null)
                .header("Authorization", "Bearer wrong").GET().build()).status()).isEqualTo(401);
    }
}
