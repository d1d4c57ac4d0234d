package com.example.voicegateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** An instance with {@code gateway.reconcile.enabled=false} (the tests' default): ops' "run now" is refused. */
class ReconcileOffTest extends IntegrationTest {

    @Test
    void reconcileNowIsAnAuditedOpsActionRefusedWhereReconciliationIsOff() {
        Answer refused = send(request("/admin/reconciliations", OPS_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(jdbc.queryForObject("""
                SELECT outcome FROM audit_event WHERE action = 'reconcile.run' ORDER BY id DESC LIMIT 1
                """, String.class)).isEqualTo("REFUSED");
        assertThat(send(request("/admin/reconciliations", ALPHA_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build()).status()).isEqualTo(403);
        assertThat(get("/admin/reconciliations/flagged", ALPHA_KEY).status()).isEqualTo(403);
    }
}
