package com.example.voicegateway.acknowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.LiveIntegrationTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** A VCA webhook with an Authorization value of its own: each webhook takes only its own. */
class CallActionAuthorizationTest extends LiveIntegrationTest {

    static final String EVENT = CallActionWebhookTest.event("s-own-secret", "1");

    @Test
    void theCallActionWebhookTakesItsOwnValueAndNotTheSummarys() {
        assertThat(post(CALL_ACTION_AUTHORIZATION).status()).isEqualTo(200);
        assertThat(post(CallActionWebhookTest.SECRET).status()).isEqualTo(401);
    }

    @Test
    void theSummaryWebhookStillTakesOnlyItsOwn() {
        String summary = "{\"eventType\":\"SESSION_SUMMARY\",\"payload\":{\"sessionId\":\"x\",\"sessionStatus\":\"COMPLETED\"}}";
        assertThat(send(request(CallActionWebhookTest.SUMMARY_PATH, null).header("Content-Type", "application/json")
                .header("Authorization", CALL_ACTION_AUTHORIZATION)
                .POST(HttpRequest.BodyPublishers.ofString(summary)).build()).status()).isEqualTo(401);
    }

    private Answer post(String authorization) {
        return send(request(CallActionWebhookTest.PATH, null).header("Content-Type", "application/json")
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(EVENT)).build());
    }
}
