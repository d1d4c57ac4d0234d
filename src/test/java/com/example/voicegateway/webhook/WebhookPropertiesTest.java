package com.example.voicegateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookPropertiesTest {

    private static WebhookProperties of(String authorization, String publicUrl, String callActionAuthorization,
            String callActionUrl) {
        return new WebhookProperties(authorization, publicUrl == null ? null : URI.create(publicUrl), List.of(),
                List.of(), callActionAuthorization,
                callActionUrl == null ? null : URI.create(callActionUrl));
    }

    @Test
    void theCallActionAuthorizationDefaultsToTheSummarysAndCanBeItsOwn() {
        assertThat(of("Bearer a", null, null, null).effectiveCallActionAuthorization()).isEqualTo("Bearer a");
        assertThat(of("Bearer a", null, " ", null).effectiveCallActionAuthorization()).isEqualTo("Bearer a");
        assertThat(of("Bearer a", null, "Bearer b", null).effectiveCallActionAuthorization()).isEqualTo("Bearer b");
    }

    @Test
    void theCallActionUrlIsTheSummaryUrlsSiblingOnlyWhenThatHasTheGatewaysPath() {
        assertThat(of(null, "https://gw.example.com/webhooks/8x8/voice-session-summary", null, null)
                .effectiveCallActionPublicUrl())
                .isEqualTo(URI.create("https://gw.example.com/webhooks/8x8/voice-call-action"));
        assertThat(of(null, "https://gw.example.com/base/webhooks/8x8/voice-session-summary", null, null)
                .effectiveCallActionPublicUrl())
                .isEqualTo(URI.create("https://gw.example.com/base/webhooks/8x8/voice-call-action"));
        // A proxy that rewrites paths: nothing can be guessed.
        assertThat(of(null, "https://gw.example.com/8x8/vss", null, null).effectiveCallActionPublicUrl()).isNull();
        assertThat(of(null, "https://gw.example.com/webhooks/8x8/voice-session-summary?t=1", null, null)
                .effectiveCallActionPublicUrl()).isNull();
        assertThat(of(null, null, null, null).effectiveCallActionPublicUrl()).isNull();
        assertThat(of(null, "https://gw.example.com/8x8/vss", null, "https://gw.example.com/8x8/vca")
                .effectiveCallActionPublicUrl()).isEqualTo(URI.create("https://gw.example.com/8x8/vca"));
    }

    @Test
    void secretsAreNeverShown() {
        assertThat(of("Bearer a-secret", null, "Bearer b-secret", null).toString())
                .doesNotContain("a-secret").doesNotContain("b-secret").contains("<hidden>");
    }
}
