package com.example.voicegateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiKeyAccessTest extends IntegrationTest {

    private static final String TEXT = "{\"destination\":\"+6591234567\",\"text\":\"Hello\"}";

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
        assertThat(jdbc.queryForObject("SELECT client_name FROM message_state WHERE id = ?::uuid", String.class, id))
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

        for (String path : new String[] {"/voice%2Dmessages/" + id, "/%61dmin/session-summaries",
                "/voice-messages/" + id + "/", "/not-an-endpoint"}) {
            Answer answer = get(path, null);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.contentType()).as(path).startsWith("application/problem+json");
            assertThat(answer.header("WWW-Authenticate")).as(path).contains("X-API-Key");
        }
    }

    @Test
    void pathTricksAreRefusedAs400ProblemsBeforeAnyKeyIsLookedAt() {
        String id = post("/voice-messages", ALPHA_KEY, TEXT).json().get("id").asString();

        for (String path : new String[] {"/voice-messages//" + id, "//voice-messages", "/voice-messages;x=1/" + id,
                "/voice-messages/" + id + ";jsessionid=1", "/voice-messages%2F" + id, "/voice-messages/%2E%2E/admin",
                "/voice-messages/../admin/session-summaries", "/admin/./session-summaries",
                "/actuator/health/..;/prometheus", "/webhooks/8x8/..%2F..%2Fadmin"}) {
            for (String key : new String[] {null, OPS_KEY}) {
                Answer answer = get(path, key);
                assertThat(answer.status()).as(path).isEqualTo(400);
                assertThat(answer.contentType()).as(path).startsWith("application/problem+json");
                assertThat(answer.json().get("detail").asString()).as(path).contains("canonical");
            }
        }
    }

    @Test
    void aKnownKeyOnAPathNoEndpointHasIs404NotForbidden() {
        for (String key : new String[] {ALPHA_KEY, OPS_KEY}) {
            for (Answer answer : List.of(get("/not-an-endpoint", key), post("/voice-message", key, TEXT),
                    get("/voice-messages/" + UUID.randomUUID() + "/calls", key))) {
                assertThat(answer.status()).as(answer.raw().uri().getPath()).isEqualTo(404);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.json().get("title").asString()).isEqualTo("Not Found");
                assertThat(answer.json().get("detail").asString()).contains("No endpoint has this path");
            }
        }
        assertThat(post("/voice-message", null, TEXT).status()).as("no key: still 401").isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM message_state", Long.class)).isZero();
    }

    @Test
    void aKnownKeyOnAnEndpointItsRoleMayNotUseIsStill403() {
        Answer ops = post("/voice-messages", OPS_KEY, TEXT);
        assertThat(ops.status()).isEqualTo(403);
        assertThat(ops.json().get("detail").asString()).startsWith("This key may not POST this path");
        Answer client = get("/admin/not-an-endpoint", ALPHA_KEY);
        assertThat(client.status()).as("all of /admin is ops-only").isEqualTo(403);
    }

    @Test
    void aClientKeyCannotReachTheAdminOrActuatorPaths() {
        for (String path : new String[] {"/admin/session-summaries", "/admin/audit", "/actuator/prometheus",
                "/actuator/metrics", "/actuator/info", "/actuator/health/db", "/actuator"}) {
            Answer answer = get(path, ALPHA_KEY);
            assertThat(answer.status()).as(path).isEqualTo(403);
            assertThat(answer.contentType()).as(path).startsWith("application/problem+json");
        }
    }

    @Test
    void noSessionIsCreated() {
        Answer answer = get("/voice-messages", ALPHA_KEY);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.raw().headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void apiDocsNeedNoKeyAndDescribeTheKeyScheme() {
        Answer docs = get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().at("/components/securitySchemes/clientKey/name").asString()).isEqualTo("X-API-Key");
        assertThat(docs.json().at("/components/securitySchemes/opsKey/name").asString()).isEqualTo("X-API-Key");
        assertThat(docs.json().at("/paths").has("/voice-messages")).isTrue();
        // Every admin endpoint, the sandbox's included, says it needs an ops key.
        docs.json().get("paths").properties().stream()
                .filter(path -> path.getKey().startsWith("/admin/"))
                .flatMap(path -> path.getValue().properties().stream())
                .forEach(operation -> assertThat(operation.getValue().get("security").toString())
                        .as(operation.getKey() + " " + operation.getValue().at("/summary"))
                        .isEqualTo("[{\"opsKey\":[]}]"));
        assertThat(docs.json().at("/paths").has("/admin/sandbox/faults")).isTrue();
        assertThat(get("/swagger-ui.html", null).status()).isNotIn(401, 403);
        assertThat(get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }
}
