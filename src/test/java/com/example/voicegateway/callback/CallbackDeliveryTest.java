package com.example.voicegateway.callback;

import static com.example.voicegateway.callback.CallbackTestSupport.HOOK;
import static com.example.voicegateway.callback.CallbackTestSupport.RECEIVER;
import static com.example.voicegateway.callback.CallbackTestSupport.hookUrl;
import static com.example.voicegateway.callback.CallbackTestSupport.receivedFor;
import static com.example.voicegateway.callback.CallbackTestSupport.verified;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.message.LedgerEvent;
import com.example.voicegateway.message.internal.LedgerEvents;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Callbacks end to end over HTTP: a client names a URL, a client's cancel is the status change, WireMock is the
 * receiver and the Standard Webhooks library checks every signature. A tiny retry schedule stands in for hours.
 */
class CallbackDeliveryTest extends CallbackIntegrationTest {

    @Autowired
    CallbackStore store;
    @Autowired
    CallbackAttempts attempts;
    @Autowired
    CallbacksProperties properties;

    @Autowired
    ClientPolicies clients;
    @Autowired
    Clock clock;
    @Autowired
    LedgerEvents ledgerEvents;
    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void receiverAnswers200() {
        assertThat(CallbackTestSupport.SECRET).isEqualTo(clients.client(LITERAL).callbackSecret());
        RECEIVER.resetAll();
        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(204)));
        if (!worker.isRunning()) {
            worker.start();
        }
    }

    @Test
    void aStatusChangeReachesTheReceiverSignedWithTheMessageAsGetShowsIt() {
        String id = acceptWithCallback();
        cancel(id);

        LoggedRequest request = awaitOneRequest(id);
        JsonNode body = verified(request);
        assertThat(body.get("type").asString()).isEqualTo("voice_message.canceled");
        assertThat(body.get("sequence").asInt()).isEqualTo(1);
        assertThat(body.get("timestamp").asString()).isNotBlank();
        assertThat(request.getHeader("webhook-id")).isNotBlank();
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");

        JsonNode view = awaitDelivered(id);
        ObjectNode withoutCallbacks = ((ObjectNode) view.deepCopy());
        withoutCallbacks.remove("callbacks");
        assertThat(body.get("data")).isEqualTo(withoutCallbacks);
        JsonNode callback = view.at("/callbacks/0");
        assertThat(callback.get("id").asString()).isEqualTo(request.getHeader("webhook-id"));
        assertThat(callback.get("type").asString()).isEqualTo("voice_message.canceled");
        assertThat(callback.get("attempts").asInt()).isEqualTo(1);
        assertThat(callback.get("lastHttpStatus").asInt()).isEqualTo(204);
        assertThat(callback.get("deliveredAt").asString()).isNotBlank();
    }

    @Test
    void aFailingReceiverGetsTheSameWebhookIdOnEveryRetryUntilItAnswers() {
        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("second"));
        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(302).withHeader("Location", "https://elsewhere.example.com/"))
                .willSetStateTo("third"));
        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(200)));
        String id = acceptWithCallback();
        cancel(id);

        JsonNode view = awaitDelivered(id);

        List<LoggedRequest> requests = receivedFor(id);
        assertThat(requests).hasSize(3);
        assertThat(requests.stream().map(r -> r.getHeader("webhook-id")).distinct()).hasSize(1);
        requests.forEach(CallbackTestSupport::verified);
        assertThat(view.at("/callbacks/0/attempts").asInt()).isEqualTo(3);
        assertThat(view.at("/callbacks/0/lastHttpStatus").asInt()).isEqualTo(200);
    }

    @Test
    void goneStopsAtOnce() {
        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(410)));
        String id = acceptWithCallback();
        cancel(id);

        JsonNode callback = awaitCallbackStatus(id, "FAILED");

        assertThat(receivedFor(id)).hasSize(1);
        assertThat(callback.get("attempts").asInt()).isEqualTo(1);
        assertThat(callback.get("lastHttpStatus").asInt()).isEqualTo(410);
    }

    @Test
    void aScheduleUsedUpIsFailedAndOpsCanRedeliverIt() {
        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(503)));
        String id = acceptWithCallback();
        cancel(id);

        JsonNode failed = awaitCallbackStatus(id, "FAILED");
        // The first try and one per entry of the three-entry schedule.
        assertThat(failed.get("attempts").asInt()).isEqualTo(4);
        assertThat(failed.get("lastError").asString()).isEqualTo("HTTP 503");
        String eventId = failed.get("id").asString();

        Answer listed = get("/admin/callbacks?status=FAILED&client=" + LITERAL + "&messageId=" + id, OPS_KEY);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("items")).hasSize(1);
        assertThat(listed.json().at("/items/0/id").asString()).isEqualTo(eventId);
        assertThat(postEmpty("/admin/callbacks/" + eventId + "/redeliver", LITERAL_KEY).status()).isEqualTo(403);

        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
        Answer redelivered = postEmpty("/admin/callbacks/" + eventId + "/redeliver", OPS_KEY);
        assertThat(redelivered.status()).isEqualTo(200);
        assertThat(redelivered.json().get("status").asString()).isIn("PENDING", "DELIVERED");

        JsonNode delivered = awaitCallbackStatus(id, "DELIVERED");
        assertThat(delivered.get("attempts").asInt()).isEqualTo(5);
        List<LoggedRequest> requests = receivedFor(id);
        assertThat(requests).hasSize(5);
        assertThat(requests.stream().map(r -> r.getHeader("webhook-id")).distinct()).containsExactly(eventId);
        verified(requests.get(4));

        Answer again = postEmpty("/admin/callbacks/" + eventId + "/redeliver", OPS_KEY);
        assertThat(again.status()).isEqualTo(409);
        assertThat(jdbc.queryForList("SELECT actor || ' ' || outcome FROM audit_event WHERE action ="
                + " 'callback.redeliver' AND message_id = ?::uuid ORDER BY id", String.class, id))
                .containsExactly("ops SUCCEEDED", "ops REFUSED");
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(postEmpty("/admin/callbacks/00000000-0000-0000-0000-000000000000/redeliver", OPS_KEY).status())
                .isEqualTo(404);
    }

    @Test
    void anEventRecordedWhileNoWorkerRunsGoesOutWhenOneStarts() {
        // The instance "crashes" right after the status change committed: nothing is delivering.
        worker.stop();
        String id = acceptWithCallback();
        cancel(id);
        assertThat(jdbc.queryForObject("SELECT status FROM callback_event WHERE message_id = ?::uuid", String.class,
                id)).isEqualTo("PENDING");
        assertThat(receivedFor(id)).isEmpty();

        worker.start();

        awaitDelivered(id);
        assertThat(receivedFor(id)).hasSize(1);
    }

    @Test
    void anAttemptLostWithItsInstanceIsMadeAgainWhenItsLeaseEnds() {
        worker.stop();
        String id = acceptWithCallback();
        cancel(id);
        // Another instance claims the event and dies before it can say what happened.
        CallbackWorker doomed = new CallbackWorker(store, attempts, properties, clock, "doomed");
        List<CallbackStore.Claimed> lost = store.claim("doomed", clock.instant(), clock.instant().plusSeconds(50), 10,
                4, java.util.Map.of());
        assertThat(lost).hasSize(1);
        assertThat(doomed.isRunning()).isFalse();

        // A survivor whose clock is past the lease's end takes it over.
        CallbackWorker survivor = new CallbackWorker(store, attempts, properties,
                Clock.offset(clock, Duration.ofSeconds(51)), "survivor");
        assertThat(survivor.deliverDue()).isEqualTo(1);

        JsonNode callback = awaitCallbackStatus(id, "DELIVERED");
        assertThat(callback.get("attempts").asInt()).isEqualTo(2);
        assertThat(receivedFor(id)).hasSize(1);
    }

    @Test
    void twoInstancesDeliverEachEventOnce() {
        CallbackWorker second = new CallbackWorker(store, attempts, properties, clock, "second");
        second.start();
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ids.add(acceptWithCallback());
            }
            ids.forEach(this::cancel);

            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM callback_event WHERE status = 'DELIVERED'", Integer.class) == 30);

            List<LoggedRequest> requests = CallbackTestSupport.received();
            Set<String> webhookIds = new HashSet<>();
            requests.forEach(r -> webhookIds.add(r.getHeader("webhook-id")));
            assertThat(requests).hasSize(30);
            assertThat(webhookIds).hasSize(30);
        } finally {
            second.stop();
        }
    }

    @Test
    void aHostTheClientMayNotNameIsRefusedWithTheRule() {
        Answer refused = post("/voice-messages", LITERAL_KEY, message("https://evil.example.org/hook"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.raw().body()).contains("callbackUrl")
                .contains("host 'evil.example.org' is not allowed for client 'literal'")
                .contains("gateway.clients.literal.callback-hosts");

        assertThat(post("/voice-messages", LITERAL_KEY, message("https://hooks.example.com/voice")).status())
                .isEqualTo(202);
        assertThat(post("/voice-messages", LITERAL_KEY, message("https://user:pw@hooks.example.com/voice")).raw()
                .body()).contains("must not contain user info");
        Answer beta = post("/voice-messages", BETA_KEY, message(hookUrl()));
        assertThat(beta.status()).isEqualTo(400);
        assertThat(beta.raw().body()).contains("callbacks are off for client 'beta'");
    }

    @Test
    void twoEventsOfOneTransactionEachShowTheMessageAsItWasWhenRecorded() {
        worker.stop();
        String id = acceptWithCallback();
        UUID messageId = UUID.fromString(id);
        transactions.executeWithoutResult(tx -> {
            ledgerEvents.publish(new LedgerEvent.CallOutcomeUnknown(messageId, 1));
            jdbc.update("UPDATE voice_message SET outcome = 'CANCELED' WHERE id = ?",
                    messageId);
            ledgerEvents.publish(new LedgerEvent.MessageFinished(messageId, MessageStatus.CANCELED));
        });
        List<String> statuses = jdbc.queryForList(
                "SELECT payload::jsonb #>> '{data,status}' FROM callback_event WHERE message_id = ? ORDER BY sequence",
                String.class, messageId);
        assertThat(statuses).containsExactly("QUEUED", "CANCELED");
        assertThatThrownBy(() -> ledgerEvents.publish(new LedgerEvent.CallOutcomeUnknown(messageId, 1)))
                .as("outside a transaction an event could be lost").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMessageWithoutCallbacksRecordsNoEvents() {
        Answer accepted = post("/voice-messages", LITERAL_KEY, "{\"destination\":\"+6591234567\",\"text\":\"Hi.\"}");
        String id = accepted.json().get("id").asString();
        cancel(id);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM callback_event", Integer.class)).isZero();
        assertThat(get("/voice-messages/" + id, LITERAL_KEY).json().has("callbacks")).isFalse();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static String message(String callbackUrl) {
        return "{\"destination\":\"+6591234567\",\"text\":\"Your parcel arrives tomorrow.\",\"callbackUrl\":\""
                + callbackUrl + "\"}";
    }

    private String acceptWithCallback() {
        Answer accepted = post("/voice-messages", LITERAL_KEY, message(hookUrl()));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("callbackUrl").asString()).isEqualTo(hookUrl());
        return accepted.json().get("id").asString();
    }

    private void cancel(String id) {
        assertThat(postEmpty("/voice-messages/" + id + "/cancel", LITERAL_KEY).status()).isEqualTo(200);
    }

    private Answer postEmpty(String path, String key) {
        return send(request(path, key).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private LoggedRequest awaitOneRequest(String id) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(id), r -> !r.isEmpty()).get(0);
    }

    private JsonNode awaitDelivered(String id) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> get("/voice-messages/" + id, LITERAL_KEY).json(),
                v -> "DELIVERED".equals(v.at("/callbacks/0/status").asString()));
    }

    private JsonNode awaitCallbackStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> get("/voice-messages/" + id, LITERAL_KEY).json().at("/callbacks/0"),
                c -> status.equals(c.path("status").asString()));
    }
}
