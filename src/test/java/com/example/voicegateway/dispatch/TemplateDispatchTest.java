package com.example.voicegateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Done means (issue 25): a service sends {template, variables} and 8x8 is asked to say the code digit by digit. */
class TemplateDispatchTest extends DispatchTestBase {

    @Test
    void theRenderedTextIsWhat8x8IsAskedToSay() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        String template = post("/templates", ALPHA_KEY, """
                {"name": "code", "language": "en-SG", "text": "Your code is ((code:digits)). Pay ((total:amount))."}""")
                .json().get("id").asString();

        Answer accepted = post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234567",
                 "template": {"id": "%s", "variables": {"code": "4815", "total": "12.50 SGD"}}}""".formatted(template));
        assertThat(accepted.status()).isEqualTo(202);
        UUID id = UUID.fromString(accepted.json().get("id").asString());
        assertThat(step()).isEqualTo(1);

        assertThat(requestsFor(id)).singleElement().extracting(r -> r.getBodyAsString()).asString()
                .contains("{\"action\":\"say\",\"params\":{\"text\":\"Your code is 4 8 1 5. Pay twelve Singapore"
                        + " dollars and fifty cents.\",\"voiceProfile\":\"en-IE-EmilyNeural\"");
    }
}
