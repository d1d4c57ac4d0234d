package com.example.voicegateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

class ApiKeyAccessTest extends IntegrationTest {

    private static final String TEXT = "{\"destination\":\"+6591234567\",\"text\":\"Hello\"}";

    @Test
    void missingKeyIs401ProblemAndStoresNothing() {
        Answer answer = post("/voice-messages", null, TEXT);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asString()).contains("X-API-Key");
        assertThat(answer.header("WWW-Authenticate")).contains("X-API-Key");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM voice_message", Long.class)).isZero();
    }

    @Test
    void wrongKeyIs401AndDoesNotEchoTheKey() {
        Answer answer = post("/voice-messages", "alpha-key-but-wrong", TEXT);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.raw().body()).doesNotContain("alpha-key-but-wrong");
        assertThat(get("/voice-messages", "").status()).isEqualTo(401);
    }

    @Test
    void theClientNameIsStoredOnEveryMessage() {
        String id = post("/voice-messages", BETA_KEY, TEXT).json().get("id").asString();
        assertThat(jdbc.queryForObject("SELECT client_name FROM voice_message WHERE id = ?::uuid", String.class, id))
                .isEqualTo("beta");
    }

    @Test
    void aClientSeesOnlyItsOwnMessages() {
        String alphas = post("/voice-messages", ALPHA_KEY, TEXT).json().get("id").asString();
        post("/voice-messages", BETA_KEY, TEXT);

        assertThat(get("/voice-messages/" + alphas, BETA_KEY).status()).isEqualTo(404);
        assertThat(post("/voice-messages/" + alphas + "/cancel", BETA_KEY, "").status()).isEqualTo(404);
        Answer betaList = get("/voice-messages", BETA_KEY);
        assertThat(betaList.json().get("totalElements").asLong()).isEqualTo(1);
        assertThat(betaList.json().get("items").get(0).get("clientName").asString()).isEqualTo("beta");
    }

    @Test
    void opsKeysReadAndListEveryMessageButDoNotSend() {
        String alphas = post("/voice-messages", ALPHA_KEY, TEXT).json().get("id").asString();
        post("/voice-messages", BETA_KEY, TEXT);

        assertThat(get("/voice-messages/" + alphas, OPS_KEY).status()).isEqualTo(200);
        assertThat(get("/voice-messages", OPS_KEY).json().get("totalElements").asLong()).isEqualTo(2);
        Answer send = post("/voice-messages", OPS_KEY, TEXT);
        assertThat(send.status()).isEqualTo(403);
        assertThat(send.contentType()).startsWith("application/problem+json");
    }

    @Test
    void encodedOrDecoratedSpellingsOfAProtectedPathStillNeedAKey() {
        String id = post("/voice-messages", ALPHA_KEY, TEXT).json().get("id").asString();

        for (String path : new String[] {"/voice%2Dmessages/" + id, "/voice-messages;x=1/" + id,
                "/%61dmin/session-summaries", "/voice-messages/" + id + "/", "/not-an-endpoint"}) {
            Answer answer = get(path, null);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.contentType()).as(path).startsWith("application/problem+json");
        }
    }

    @Test
    void actuatorHealthAndApiDocsNeedNoKey() {
        assertThat(get("/actuator/health", null).status()).isEqualTo(200);
        Answer docs = get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().at("/components/securitySchemes/apiKey/name").asString()).isEqualTo("X-API-Key");
        assertThat(docs.json().at("/paths").has("/voice-messages")).isTrue();
        assertThat(get("/swagger-ui.html", null).status()).isNotEqualTo(401);
    }
}
