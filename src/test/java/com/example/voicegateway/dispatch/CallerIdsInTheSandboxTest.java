package com.example.voicegateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * In the sandbox the caller ids are checked against the emulated account, which has exactly them: health's
 * {@code callerIdRegistration} finds every one registered. Checked once more here: on a loaded machine the check at
 * start may time out (the suite's read timeout is 1 s), which it then says, UP.
 */
class CallerIdsInTheSandboxTest extends IntegrationTest {

    @Autowired
    CallerIdRegistration registration;

    @Test
    void everyConfiguredCallerIdIsANumberOfTheEmulatedAccount() {
        registration.refresh();

        JsonNode callerIds = get("/actuator/health", OPS_KEY).json().at("/components/callerIdRegistration");
        assertThat(callerIds.get("status").asString()).isEqualTo("UP");
        assertThat(callerIds.at("/details/checked").asBoolean()).as(callerIds.toString()).isTrue();
        assertThat(callerIds.at("/details/notRegistered")).isEmpty();
        assertThat(callerIds.at("/details/configured")).hasSize(5);
    }
}
