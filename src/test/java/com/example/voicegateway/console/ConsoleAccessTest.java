package com.example.voicegateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** The console's door, over plain HTTP: only a signed-in operator gets past it, and an API key is not a sign-in. */
class ConsoleAccessTest extends IntegrationTest {

    @Test
    void withoutASessionEveryConsolePageSendsToTheSignInPage() {
        for (String path : new String[] {"/console", "/console/now", "/console/messages/x", "/console/broadcasts",
                "/console/broadcasts/x", "/console/anything"}) {
            Answer answer = get(path, null);
            assertThat(answer.status()).as(path).isEqualTo(302);
            assertThat(answer.header("Location")).as(path).endsWith("/console/login");
        }
    }

    @Test
    void anApiKeyHeaderIsNoSignIn() {
        Answer answer = get("/console", OPS_KEY);
        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.header("Location")).endsWith("/console/login");
    }

    @Test
    void theSignInPageAndAssetsArePublicAndStrictAboutWhatTheyLoad() {
        Answer login = get("/console/login", null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(get("/console/assets/console.css", null).status()).isEqualTo(200);
        assertThat(get("/console/assets/htmx/htmx.min.js", null).status()).isEqualTo(200);
    }

    @Test
    void theIconBrowsersAskForIsServedToAnyoneNotRefused() {
        Answer icon = get("/favicon.ico", null);
        assertThat(icon.status()).isEqualTo(200);
        assertThat(icon.contentType()).startsWith("image/");
        Answer declared = get("/console/assets/favicon.svg", null);
        assertThat(declared.status()).isEqualTo(200);
        assertThat(declared.contentType()).startsWith("image/svg+xml");
        assertThat(get("/console/login", null).raw().body()).contains("rel=\"icon\"");
    }

    @Test
    void aSignInWithoutTheFormsCsrfTokenIsRefused() {
        HttpRequest request = request("/console/login", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + OPS_KEY)).build();
        assertThat(send(request).status()).isEqualTo(403);
    }
}
