package com.example.voicegateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class AuditTrailTest extends IntegrationTest {

    private static final String TEXT = "{\"destination\":\"+6591234567\",\"text\":\"Hello\"}";

    @Autowired
    AuditLog audit;

    @BeforeEach
    void emptyTrail() {
        empty("audit_event");
    }

    @Test
    void anOpsKeyCancelsAnyClientsMessageAndThatIsAudited() {
        String id = send(ALPHA_KEY);

        Answer canceled = post("/voice-messages/" + id + "/cancel", OPS_KEY, "");
        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.json().get("status").asString()).isEqualTo("CANCELED");
        Answer again = post("/voice-messages/" + id + "/cancel", OPS_KEY, "");
        assertThat(again.status()).isEqualTo(409);

        JsonNode items = get("/admin/audit", OPS_KEY).json().get("items");
        assertThat(items).hasSize(2);
        JsonNode refused = items.get(0);
        JsonNode done = items.get(1);
        assertThat(done.get("actor").asString()).isEqualTo("ops");
        assertThat(done.get("action").asString()).isEqualTo("message.cancel");
        assertThat(done.get("messageId").asString()).isEqualTo(id);
        assertThat(done.get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("detail").asString()).contains("QUEUED").contains("alpha").doesNotContain("6591234567");
        assertThat(Instant.parse(done.get("occurredAt").asString())).isBefore(Instant.now().plusSeconds(1));
        assertThat(refused.get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(refused.get("detail").asString()).contains("CANCELED");

        Answer unknown = post("/voice-messages/" + UUID.randomUUID() + "/cancel", OPS_KEY, "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(rows()).isEqualTo(3);
    }

    @Test
    void aClientCancellingItsOwnMessageIsNotAnOpsAction() {
        String id = send(ALPHA_KEY);
        assertThat(post("/voice-messages/" + id + "/cancel", ALPHA_KEY, "").status()).isEqualTo(200);
        assertThat(post("/voice-messages/" + id + "/cancel", BETA_KEY, "").status()).isEqualTo(404);
        assertThat(rows()).isZero();
    }

    @Test
    void theTrailFiltersByTimeAndActorAndPages() {
        audit.record("ops", "test.one", null, AuditOutcome.SUCCEEDED, "first");
        audit.record("oncall", "test.two", null, AuditOutcome.FAILED, "second\nline");
        audit.record("ops", "test.three", null, AuditOutcome.REFUSED, null);
        Instant between = jdbc.queryForObject("SELECT occurred_at FROM audit_event WHERE action = 'test.two'",
                java.sql.Timestamp.class).toInstant();

        assertThat(actions(get("/admin/audit?actor=ops", OPS_KEY))).containsExactly("test.three", "test.one");
        assertThat(actions(get("/admin/audit?actor=nobody", OPS_KEY))).isEmpty();
        assertThat(actions(get("/admin/audit?from=" + between, OPS_KEY))).contains("test.two").doesNotContain("test.one");
        assertThat(actions(get("/admin/audit?to=" + between, OPS_KEY))).containsExactly("test.one");
        Answer page = get("/admin/audit?size=2&page=1", OPS_KEY);
        assertThat(actions(page)).containsExactly("test.one");
        assertThat(page.json().get("totalElements").asLong()).isEqualTo(3);
        assertThat(get("/admin/audit?actor=oncall", OPS_KEY).json().at("/items/0/detail").asString())
                .isEqualTo("second line");
    }

    @Test
    void badParametersAre400ProblemsNamingTheParameter() {
        String[][] cases = {{"from=yesterday", "from"}, {"to=%2B294277-01-01T00:00:00Z", "to"},
                {"from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to"}, {"size=0", "size"},
                {"size=101", "size"}, {"page=-1", "page"}, {"page=x", "page"}, {"actor=", "actor"},
                {"messageId=nope", "messageId"}};
        for (String[] c : cases) {
            Answer answer = get("/admin/audit?" + c[0], OPS_KEY);
            assertThat(answer.status()).as(c[0]).isEqualTo(400);
            assertThat(answer.contentType()).as(c[0]).startsWith("application/problem+json");
            assertThat(answer.json().at("/errors/0/field").asString()).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void theTrailIsForOpsKeysOnly() {
        assertThat(get("/admin/audit", null).status()).isEqualTo(401);
        assertThat(get("/admin/audit", ALPHA_KEY).status()).isEqualTo(403);
    }

    private String send(String key) {
        Answer answer = post("/voice-messages", key, TEXT);
        assertThat(answer.status()).isEqualTo(202);
        return answer.json().get("id").asString();
    }

    private long rows() {
        return jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class);
    }

    private static List<String> actions(Answer answer) {
        assertThat(answer.status()).isEqualTo(200);
        return answer.json().get("items").valueStream().map(item -> item.get("action").asString()).toList();
    }
}
