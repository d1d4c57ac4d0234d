package com.example.voicegateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** Without an ops key the public port shows the probes' status and nothing else of the service's insides. */
class ActuatorAccessTest extends IntegrationTest {

    @Test
    void withoutAKeyHealthIsTheStatusOnly() {
        for (String path : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            Answer answer = get(path, null);
            assertThat(answer.status()).as(path).isEqualTo(200);
            JsonNode body = answer.json();
            assertThat(body.get("status").asString()).as(path).isEqualTo("UP");
            // The status and, on the root, the probe groups' names: no component, no detail.
            assertThat(body.properties()).as(path).extracting(java.util.Map.Entry::getKey).isSubsetOf("status", "groups");
        }
        // A client key is not an ops key: still the status only.
        assertThat(get("/actuator/health", ALPHA_KEY).json().has("components")).isFalse();
    }

    @Test
    void anOpsKeySeesTheDetails() {
        JsonNode health = get("/actuator/health", OPS_KEY).json();
        assertThat(health.at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/eightByEight").isMissingNode()).isFalse();
        assertThat(get("/actuator/health/db", OPS_KEY).status()).isEqualTo(200);
    }

    @Test
    void infoMetricsAndPrometheusNeedAnOpsKey() {
        for (String path : new String[] {"/actuator/info", "/actuator/metrics", "/actuator/prometheus",
                "/actuator/metrics/jvm.memory.used", "/actuator/health/db", "/actuator"}) {
            Answer anonymous = get(path, null);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.contentType()).as(path).startsWith("application/problem+json");
            assertThat(anonymous.header("WWW-Authenticate")).as(path).contains("X-API-Key");
            assertThat(anonymous.raw().body()).as(path).doesNotContain("voice_gateway").doesNotContain("components");

            assertThat(get(path, "not-a-key").status()).as(path).isEqualTo(401);
            assertThat(get(path, BETA_KEY).status()).as(path).isEqualTo(403);
            assertThat(get(path, OPS_KEY).status()).as(path).isEqualTo(200);
        }
        assertThat(get("/actuator/prometheus", OPS_KEY).raw().body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void aHeadProbeIsAnsweredLikeGetWithoutTheBody() {
        for (String path : SecurityConfiguration.PROBES) {
            Answer get = get(path, null);
            Answer head = head(path, null);
            assertThat(head.status()).as(path).isEqualTo(200);
            assertThat(head.raw().body()).as(path).isEmpty();
            assertThat(head.contentType()).as(path).isEqualTo(get.contentType());
            assertThat(head(path, "not-a-key").status()).as(path).isEqualTo(200);
            assertThat(head(path, OPS_KEY).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void headIsNoWiderThanBeforeAnywhereElse() {
        // The table's HEAD rows are the probes'; a row for any method (webhooks, admin, actuator) takes HEAD as before.
        assertThat(SecurityConfiguration.rules(true).stream().filter(rule -> rule.method() == HttpMethod.HEAD)
                .map(SecurityConfiguration.Rule::pattern)).containsExactlyElementsOf(SecurityConfiguration.PROBES);
        for (String path : new String[] {"/actuator/health/db", "/actuator/info", "/actuator/prometheus",
                "/actuator"}) {
            assertThat(head(path, null).status()).as(path).isEqualTo(401);
            assertThat(head(path, BETA_KEY).status()).as(path).isEqualTo(403);
        }
        // GET-only rows do not take HEAD: it falls to the deny-all default.
        assertThat(head("/voice-messages", ALPHA_KEY).status()).isEqualTo(403);
        assertThat(head("/voice-messages", null).status()).isEqualTo(401);
        assertThat(head("/v3/api-docs", null).status()).isEqualTo(401);
    }

    private Answer head(String path, String apiKey) {
        return send(request(path, apiKey).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void aWrongKeyDoesNotCloseThePublicProbes() {
        assertThat(get("/actuator/health/readiness", "not-a-key").status()).isEqualTo(200);
    }

    @Test
    void prometheusMaySendTheOpsKeyAsABearerTokenOnActuatorPathsOnly() {
        Answer scrape = send(request("/actuator/prometheus", null).header("Authorization", "Bearer " + OPS_KEY).GET()
                .build());
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.raw().body()).contains("jvm_memory_used_bytes");

        assertThat(send(request("/actuator/prometheus", null).header("Authorization", "Bearer " + ALPHA_KEY).GET()
                .build()).status()).isEqualTo(403);
        assertThat(send(request("/actuator/prometheus", null).header("Authorization", "Bearer wrong").GET()
                .build()).json().get("detail").asString()).contains("does not hold a known API key");
        // Elsewhere Authorization is not a key: the API stays X-API-Key only.
        assertThat(send(request("/voice-messages", null).header("Authorization", "Bearer " + OPS_KEY).GET()
                .build()).status()).isEqualTo(401);
    }
}
