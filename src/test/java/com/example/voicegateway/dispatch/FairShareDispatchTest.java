package com.example.voicegateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The proof: client A queues 20,000, then client B sends 100; B's are not stuck behind A's backlog. */
class FairShareDispatchTest extends DispatchTestBase {

    @Test
    void aHundredFromOneClientGoOutAmongTheFirstCallflowsThoughAnotherQueuedTwentyThousandFirst() {
        WM.stubFor(WireMock.post(urlPathEqualTo(PATH)).willReturn(okJson(CREATED)));
        jdbc.execute("TRUNCATE client_share");
        queue("team-a", 20_000, "now() - interval '10 minutes'");
        Set<String> few = Set.copyOf(queue("team-b", 100, "now()").stream().map(UUID::toString).toList());
        // Due by the database's now(): the clock catches up with it.
        clock.set(Instant.now());
        for (int i = 0; i < 100 && submitted("team-b") < 100; i++) {
            step();
        }
        assertThat(submitted("team-b")).isEqualTo(100);
        List<String> order = WM.findAll(postRequestedFor(urlPathEqualTo(PATH))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(r -> JsonMapper.builder().build().readTree(r.getBodyAsString()).get("clientRequestId").asString())
                .toList();
        int lastOfB = 0;
        for (int i = 0; i < order.size(); i++) {
            if (few.contains(order.get(i))) {
                lastOfB = i + 1;
            }
        }
        // Equal weights: every claim splits between the two, so B's 100 are done by about the 200th callflow
        // (plus a claim's worth); oldest-first would have sent all 20,000 of A's before any of B's.
        assertThat(lastOfB).as("position of B's last callflow among %d", order.size()).isLessThanOrEqualTo(240);
        jdbc.execute("TRUNCATE voice_message CASCADE");
    }

    private long submitted(String client) {
        return jdbc.queryForObject("SELECT count(*) FROM message_state WHERE client_name = ? AND status = 'SUBMITTED'",
                Long.class, client);
    }

    private List<UUID> queue(String client, int n, String dueAt) {
        List<UUID> ids = jdbc.queryForList("""
                INSERT INTO voice_message (id, client_name, destination, source, text, voice_profile,
                                           repetition, speed, valid_until, created_at, updated_at)
                SELECT gen_random_uuid(), ?, '+659' || lpad(g::text, 7, '0'), '+6568880000', 'Fair ' || g,
                       'en-IE-EmilyNeural', 1, 1, now() + interval '1 hour', %s, %s
                  FROM generate_series(1, ?) g
                RETURNING id
                """.formatted(dueAt, dueAt), UUID.class, client, n);
        ledgerRows().addFirstCalls("QUEUED", "m.created_at", null);
        return ids;
    }
}
