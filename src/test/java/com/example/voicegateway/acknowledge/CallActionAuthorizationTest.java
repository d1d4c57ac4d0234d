package com.example.voicegateway.acknowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** A VCA webhook with an Authorization value of its own: each webhook takes only its own. */
@TestPropertySource(properties = "gateway.webhook.call-action-authorization=Bearer vca-only-secret")
class CallActionAuthorizationTest extends IntegrationTest {

    static final String EVENT = CallActionWebhookTest.event("s-own-secret", "1");

    @Test
    void theCallActionWebhookTakesItsOwnValueAndNotTheSummarys() {
        assertThat(post("Bearer vca-only-secret").status()).isEqualTo(200);
        assertThat(post(CallActionWebhookTest.SECRET).status()).isEqualTo(401);
    }

    @Test
    void theSummaryWebhookStillTakesOnlyItsOwn() {
        String summary = "{\"eventType\":\"SESSION_SUMMARY\",\"payload\":{\"sessionId\":\"x\",\"sessionStatus\":\"COMPLETED\"}}";
        assertThat(send(request(CallActionWebhookTest.SUMMARY_PATH, null).header("Content-Type", "application/json")
                .header("Authorization", "Bearer vca-only-secret")
                .POST(HttpRequest.BodyPublishers.ofString(summary)).build()).status()).isEqualTo(401);
    }

    private Answer post(String authorization) {
        return send(request(CallActionWebhookTest.PATH, null).header("Content-Type", "application/json")
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(EVENT)).build());
    }
}
