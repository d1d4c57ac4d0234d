package com.example.voicegateway.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.voicegateway.suppression.internal.SuppressionKeyring;
import com.example.voicegateway.suppression.internal.SuppressionProperties;
import org.junit.jupiter.api.Test;

/** A number's key on the do-not-call lists: the same for the same number and secret, nothing else alike. */
class SuppressionKeyringTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-characters";

    @Test
    void theKeyIsTheNumbersHmacWithTheSecretAndNotItsPlainHash() {
        SuppressionKeyring keys = new SuppressionKeyring(new SuppressionProperties(SECRET));

        // HMAC-SHA256("+6591234567") with SECRET, as openssl dgst -sha256 -hmac computes it.
        assertThat(keys.keyOf("+6591234567")).isEqualTo(keys.keyOf("+6591234567")).hasSize(64)
                .isNotEqualTo(keys.keyOf("+6591234568"));
        assertThat(new SuppressionKeyring(new SuppressionProperties(SECRET + "!")).keyOf("+6591234567"))
                .as("another secret, another key").isNotEqualTo(keys.keyOf("+6591234567"));
        assertThat(keys.keyOf("+6591234567"))
                .isEqualTo("bfce7cc3c555794f9f1c21b324b2d1d5fc5f55eae32cd26803d7e0f67b337028");
    }

    @Test
    void withoutASecretThereIsNoKeyring() {
        assertThatThrownBy(() -> new SuppressionKeyring(new SuppressionProperties(" ")))
                .hasMessageContaining("gateway.suppression.hash-secret");
    }
}
